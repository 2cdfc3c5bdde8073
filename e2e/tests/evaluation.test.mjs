// Browser test of one month (issue 5 §7): in Phòng Tư pháp of the demo district, three
// chuyên viên self-assess, the deputy (reviewer) comments, the head (evaluator) returns one form
// and decides the others, the quota stops a second A in a cohort of four, the aggregator
// publishes, and a staff member sees the result. Screenshots of each page go to
// e2e/screenshots/month-*.png.

import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';

import {
  SYSTEM_ADMIN,
  apiGet,
  apiLogin,
  launchBrowser,
  login,
  newPage,
  num,
  screenshotPath,
  startServer,
  submit,
  unitByName,
  vnDay,
} from './helpers.mjs';

const UNIT = 'Phòng Tư pháp';

/**
 * Fills every criterion and result score whose name starts with `prefix` at `percent` of its
 * max (bonus and deduction items stay empty: they count 0).
 */
async function fillScores(page, prefix, percent) {
  const inputs = page.locator(
    `input[name^="${prefix}_score_"][data-kind="criteria"], input[name^="${prefix}_score_"][data-kind="result"]`,
  );
  const n = await inputs.count();
  assert.ok(n > 0, `no ${prefix} score inputs`);
  for (let i = 0; i < n; i += 1) {
    const input = inputs.nth(i);
    const max = num(await input.getAttribute('data-max'));
    const value = Math.floor((max * percent) / 100 * 2) / 2;
    await input.fill(String(value).replace('.', ','));
  }
}

describe('one month of evaluation in a browser', () => {
  let server;
  let browser;
  let people;

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    const token = await apiLogin(server.baseUrl, SYSTEM_ADMIN);
    const unit = await unitByName(server.baseUrl, token, UNIT);
    const { staff } = await apiGet(server.baseUrl, token, `/api/v1/units/${unit.id}/staff`);
    const by = (rank) => staff.map((s) => s.person).filter((p) => p.rank === rank);
    people = {
      unit,
      head: by('head')[0],
      deputy: by('deputy')[0],
      members: by('member'),
    };
    assert.equal(people.members.length, 4, 'the demo cohort of four chuyên viên');
  });

  after(async () => {
    if (browser) await browser.close();
    if (server) await server.stop();
  });

  async function as(username, name, body) {
    const { context, page } = await newPage(browser, server.baseUrl);
    page.on('dialog', (d) => d.accept());
    try {
      await login(page, username);
      await body(page);
      assert.deepEqual(page.problems, [], 'the pages raised script errors or CSP violations');
      rmSync(screenshotPath(`failed-${name}`), { force: true });
    } catch (e) {
      await page.screenshot({ path: screenshotPath(`failed-${name}`), fullPage: true }).catch(() => {});
      throw e;
    } finally {
      await context.close();
    }
  }

  async function shot(page, name) {
    await page.screenshot({ path: screenshotPath(`month-${name}`), fullPage: true });
  }

  test('self-assessment, review, return, quota, decision, publication, result', async () => {
    const [first, second, third, clerk] = people.members;

    // The system admin sets this month's days around today, and makes the fourth chuyên viên
    // the unit's aggregator (bộ phận tham mưu tổng hợp).
    await as(SYSTEM_ADMIN, 'admin', async (page) => {
      await page.goto('/periods');
      const period = page.locator('form[data-testid^="period-"]').first();
      await period.locator('input[name="self_opens"]').fill(vnDay(0));
      await period.locator('input[name="self_last"]').fill(vnDay(1));
      await period.locator('input[name="decide_last"]').fill(vnDay(3));
      await period.locator('input[name="publish_last"]').fill(vnDay(7));
      const { post } = await submit(page, period.getByRole('button', { name: 'Lưu lịch của kỳ' }));
      assert.equal(post.status(), 303);
      await shot(page, '01-periods');
      await page.goto(`/staff/${clerk.id}`);
      const roles = await page.locator('#roles').innerText();
      if (!roles.includes('Tổng hợp, tham mưu')) {
        await page.locator('#role').selectOption('aggregator');
        await page.locator('#unit_id').selectOption(people.unit.id);
        const granted = await submit(page, page.getByRole('button', { name: 'Phân quyền' }));
        assert.equal(granted.post.status(), 303);
      }
    });

    // Three chuyên viên self-assess: two at full marks (90: A), one at 80 % (B).
    for (const [who, percent, n] of [[first, 100, 1], [second, 100, 2], [third, 80, 3]]) {
      await as(who.username, `self-${n}`, async (page) => {
        await page.goto('/evaluations');
        if (n === 1) await shot(page, '02-hub-staff');
        await page.getByTestId('open-my-form').click();
        await page.waitForURL(/\/evaluations\/[^/]+$/);
        // A score over its max is refused next to the item; nothing is lost.
        const firstInput = page.locator('input[name^="self_score_"]').first();
        await firstInput.fill('999');
        const bad = await submit(page, page.getByTestId('save-draft'));
        assert.equal(bad.post.status(), 422);
        assert.ok(await page.locator('.field-error').first().isVisible());
        await fillScores(page, 'self', percent);
        await page.locator('textarea[name^="self_comment_"]').first().fill('Hoàn thành đúng tiến độ các việc được giao.');
        if (n === 1) {
          // The draft saves itself as it is typed, and says the total and grade it gives.
          await page.waitForFunction(() => /Đã tự động lưu/.test(document.getElementById('autosave-status').textContent));
          assert.match(await page.locator('#autosave-status').innerText(), /tổng điểm 90, xếp loại A/);
          // The session ends meanwhile (as after the idle timeout): the next autosave says that
          // nothing was saved and asks to log in again, instead of failing silently.
          const cookies = await page.context().cookies();
          await page.context().clearCookies();
          await page.locator('textarea[name^="self_comment_"]').first().press('End');
          await page.locator('textarea[name^="self_comment_"]').first().type(' ');
          await page.waitForFunction(() => /đã hết hạn/.test(document.getElementById('autosave-status').textContent));
          assert.match(await page.locator('#autosave-status').innerText(), /CHƯA được lưu/);
          await page.context().addCookies(cookies);
        }
        const sent = await submit(page, page.getByTestId('submit-form'));
        assert.equal(sent.post.status(), 303);
        assert.match(await page.getByTestId('form-status').innerText(), /Đã gửi/);
        if (n === 1) await shot(page, '03-my-form-submitted');
      });
    }

    // The deputy comments on each submitted form.
    await as(people.deputy.username, 'reviewer', async (page) => {
      await page.goto('/evaluations/queue');
      await shot(page, '04-reviewer-queue');
      for (const who of [first, second, third]) {
        await page.goto('/evaluations/queue');
        await page.getByRole('link', { name: who.full_name }).click();
        await page.waitForURL(/\/evaluations\/[^/]+$/);
        await page.locator('#review_comment').fill('Đồng ý với kết quả tự đánh giá.');
        const r = await submit(page, page.getByTestId('review'));
        assert.equal(r.post.status(), 303);
      }
    });

    // The head returns one form, accepts one (A), is stopped at a second A, then scores it lower.
    await as(people.head.username, 'evaluator', async (page) => {
      await page.goto('/evaluations/queue');
      await shot(page, '05-evaluator-queue');
      const open = async (who) => {
        await page.goto('/evaluations/queue');
        await page.getByRole('link', { name: who.full_name }).click();
        await page.waitForURL(/\/evaluations\/[^/]+$/);
      };
      await open(third);
      await page.locator('#return_reason').fill('Đề nghị bổ sung minh chứng kết quả công việc.');
      const back = await submit(page, page.getByTestId('return'));
      assert.equal(back.post.status(), 303);

      await open(first);
      const ok = await submit(page, page.getByTestId('accept-self'));
      assert.equal(ok.post.status(), 303);
      assert.match(await page.getByTestId('final-grade').innerText(), /^A/);

      await open(second);
      const stopped = await submit(page, page.getByTestId('accept-self'));
      assert.equal(stopped.post.status(), 409);
      assert.match(await page.getByTestId('form-error').innerText(), /Vượt tỷ lệ loại A/);
      await shot(page, '06-quota-stop');
      await fillScores(page, 'lead', 90);
      await page.locator('#lead_comment_').fill('Cần chủ động hơn trong tham mưu.');
      const decided = await submit(page, page.getByTestId('decide'));
      assert.equal(decided.post.status(), 303);
      assert.match(await page.getByTestId('final-grade').innerText(), /^B/);
    });

    // The aggregator publishes the unit's decided forms.
    await as(clerk.username, 'aggregator', async (page) => {
      await page.goto(`/units/${people.unit.id}/evaluations`);
      const r = await submit(page, page.getByRole('button', { name: 'Công khai kết quả của đơn vị' }));
      assert.equal(r.post.status(), 303);
      await shot(page, '07-progress-published');
    });

    // The first chuyên viên sees the published result and the leader's decision.
    await as(first.username, 'result', async (page) => {
      await page.goto('/evaluations');
      assert.match(await page.getByTestId('my-status').innerText(), /Đã công khai/);
      await page.goto(`/units/${people.unit.id}/results`);
      const table = await page.getByTestId('results').innerText();
      assert.ok(table.includes(first.full_name) && table.includes(second.full_name));
      assert.ok(!table.includes(third.full_name), 'the returned form is not published');
      await shot(page, '08-results');
    });
  });
});
