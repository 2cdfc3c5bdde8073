// Browser test of a 360° round (issue 10 "Done when"): in the demo's Quảng Trị body, the team of
// five of Phòng Công chức, viên chức self-assess, rate each other online (Quy chế Đ.3, Đ.5.2b),
// scores stay private until the head compiles the digital minutes, the minutes are published in
// the unit with colleagues' names hidden, a large gap is flagged (Đ.6.1) and the head decides on
// the minutes' total. Then the annual evaluation of last year: a chuyên viên's annual form shows
// the twelve published months and proposes their mean (M6.3), and the head decides it.
// Screenshots go to e2e/screenshots/peer-*.png.

import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';

import {
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

const ADMIN = 'quantri_quangtri';
const UNIT = 'Phòng Công chức, viên chức';

/** Fills every score input whose name starts with `prefix` at `percent` of its max. */
async function fillScores(page, prefix, percent) {
  const inputs = page.locator(`input[name^="${prefix}_score_"]`);
  const n = await inputs.count();
  assert.ok(n > 0, `no ${prefix} score inputs`);
  let total = 0;
  for (let i = 0; i < n; i += 1) {
    const input = inputs.nth(i);
    const kind = await input.getAttribute('data-kind');
    if (kind === 'bonus' || kind === 'deduction') continue;
    const max = num(await input.getAttribute('data-max'));
    const value = Math.floor((max * percent) / 100 * 2) / 2;
    total += value;
    await input.fill(String(value).replace('.', ','));
  }
  return total;
}

describe('a 360° round in a browser', () => {
  let server;
  let browser;
  let team;

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    const token = await apiLogin(server.baseUrl, ADMIN);
    const unit = await unitByName(server.baseUrl, token, UNIT);
    const { staff } = await apiGet(server.baseUrl, token, `/api/v1/units/${unit.id}/staff`);
    const people = staff.map((s) => s.person);
    const by = (rank) => people.filter((p) => p.rank === rank);
    team = { unit, head: by('head')[0], deputy: by('deputy')[0], members: by('member'), all: people };
    assert.equal(people.length, 5, 'the demo team of five');
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
      rmSync(screenshotPath(`failed-peer-${name}`), { force: true });
    } catch (e) {
      await page.screenshot({ path: screenshotPath(`failed-peer-${name}`), fullPage: true }).catch(() => {});
      throw e;
    } finally {
      await context.close();
    }
  }

  async function shot(page, name) {
    await page.screenshot({ path: screenshotPath(`peer-${name}`), fullPage: true });
  }

  test('self-assessment, ratings, minutes, flag and decision', async () => {
    const [cv1, cv2, cv3] = team.members;
    // Self scores in percent of each item's max: cv3 rates themselves far above the team.
    const selfPercent = new Map([
      [team.head.username, 90], [team.deputy.username, 85],
      [cv1.username, 80], [cv2.username, 80], [cv3.username, 100],
    ]);
    // What everyone gives cv3, and everyone else.
    const ratingPercent = (ratee) => (ratee === cv3.full_name ? 60 : 80);

    // The admin sets this month's days around today and sees the body evaluates by 360°.
    await as(ADMIN, 'admin', async (page) => {
      await page.goto('/periods');
      const period = page.locator('form[data-testid^="period-"]').first();
      await period.locator('input[name="self_opens"]').fill(vnDay(0));
      await period.locator('input[name="self_last"]').fill(vnDay(1));
      await period.locator('input[name="decide_last"]').fill(vnDay(3));
      await period.locator('input[name="publish_last"]').fill(vnDay(7));
      const { post } = await submit(page, period.getByRole('button', { name: 'Lưu lịch của kỳ' }));
      assert.equal(post.status(), 303);
      await page.goto('/settings/rules');
      const setting = page.getByTestId('peer-setting');
      assert.equal(await setting.locator('select[name="method"]').inputValue(), 'peer360');
      await shot(page, '01-method');
    });

    // Each of the five self-assesses.
    const selfTotals = new Map();
    for (const p of team.all) {
      await as(p.username, `self-${p.username}`, async (page) => {
        await page.goto('/evaluations');
        await page.getByTestId('open-my-form').click();
        await page.waitForURL(/\/evaluations\/[^/]+$/);
        selfTotals.set(p.full_name, await fillScores(page, 'self', selfPercent.get(p.username)));
        const sent = await submit(page, page.getByTestId('submit-form'));
        assert.equal(sent.post.status(), 303);
        assert.match(await page.getByTestId('form-status').innerText(), /Đã gửi/);
      });
    }

    // Each rates the four others; a wrong score is refused next to its item, nothing lost.
    const given = new Map(team.all.map((p) => [p.full_name, []]));
    for (const p of team.all) {
      await as(p.username, `rate-${p.username}`, async (page) => {
        await page.goto('/evaluations');
        await page.getByTestId('nav-peer').click();
        await page.waitForURL(/\/peer/);
        assert.equal(await page.getByTestId('peer-row').count(), 4, `${p.full_name} rates the four others`);
        if (p === cv1) await shot(page, '02-my-ratings');
        for (let i = 0; i < 4; i += 1) {
          const row = page.getByTestId('peer-row').filter({ hasText: 'Chưa chấm' }).first();
          const ratee = (await row.locator('td').first().innerText()).trim();
          await row.getByTestId('peer-rate-link').click();
          await page.waitForURL(/\/peer\/ratings\//);
          if (p === cv1 && i === 0) {
            await page.locator('input[name^="rate_score_"]').first().fill('999');
            const bad = await submit(page, page.getByTestId('peer-save'));
            assert.equal(bad.post.status(), 422);
            assert.ok(await page.locator('.field-error').first().isVisible());
            await shot(page, '03-rating-refused');
          }
          const total = await fillScores(page, 'rate', ratingPercent(ratee));
          await page.locator('#comment').fill(`Nhận xét số ${team.all.indexOf(p) + 1}`);
          const saved = await submit(page, page.getByTestId('peer-save'));
          assert.equal(saved.post.status(), 303);
          given.get(ratee).push(total);
        }
      });
    }

    // Before the minutes, a colleague sees no score of anyone.
    await as(cv1.username, 'before-minutes', async (page) => {
      await page.goto(`/units/${team.unit.id}/peer`);
      assert.match(await page.getByTestId('peer-minutes-state').innerText(), /chưa được lập/);
      assert.equal(await page.getByTestId('peer-opinion').count(), 0);
    });

    // The head compiles the minutes; cv3's gap is flagged; the head decides cv1 on the total.
    await as(team.head.username, 'head', async (page) => {
      await page.goto(`/units/${team.unit.id}/peer`);
      const r = await submit(page, page.getByTestId('peer-compile'));
      assert.equal(r.post.status(), 303);
      assert.equal(await page.getByTestId('peer-line').count(), 5);
      assert.equal(await page.getByTestId('peer-opinion').count(), 20);
      for (const p of team.all) {
        const line = page.getByTestId('peer-line').filter({ has: page.getByRole('link', { name: p.full_name, exact: true }) });
        const peers = given.get(p.full_name);
        const peerMean = peers.reduce((a, b) => a + b, 0) / peers.length;
        const expected = (selfTotals.get(p.full_name) + peerMean) / 2;
        assert.ok(Math.abs(num(await line.getByTestId('peer-line-total').innerText()) - expected) < 0.01,
          `${p.full_name}: total = mean of the self score and the 360° score (Đ.6.1)`);
        assert.equal(await line.getByTestId('peer-flag').count(), p === cv3 ? 1 : 0);
      }
      // The head sees who said what.
      assert.match(await page.getByTestId('peer-minutes').innerText(), new RegExp(`Đồng cấp: ${cv2.full_name}`));
      await shot(page, '04-minutes-head');

      await page.getByRole('link', { name: cv1.full_name, exact: true }).click();
      await page.waitForURL(/\/evaluations\/[^/]+$/);
      const proposed = await page.getByTestId('peer-proposed').innerText();
      await shot(page, '05-decide');
      const d = await submit(page, page.getByTestId('decide-proposed'));
      assert.equal(d.post.status(), 303);
      assert.match(await page.getByTestId('form-status').innerText(), /Lãnh đạo đã đánh giá/);
      assert.ok(proposed.length > 0);

      // A different total needs a reason.
      await page.goto(`/units/${team.unit.id}/peer`);
      await page.getByRole('link', { name: cv2.full_name, exact: true }).click();
      await page.waitForURL(/\/evaluations\/[^/]+$/);
      await page.locator('#proposed_total').fill('95');
      const refused = await submit(page, page.getByTestId('decide-proposed'));
      assert.equal(refused.post.status(), 422);

      // cv3's flagged form goes back for a re-score.
      await page.goto(`/units/${team.unit.id}/peer`);
      await page.getByRole('link', { name: cv3.full_name, exact: true }).click();
      await page.waitForURL(/\/evaluations\/[^/]+$/);
      assert.equal(await page.getByTestId('peer-flag').count(), 1);
      await page.locator('#return_reason').fill('Điểm tự chấm chênh lệch lớn so với tập thể: đề nghị chấm lại.');
      const back = await submit(page, page.getByTestId('return'));
      assert.equal(back.post.status(), 303);
    });

    // The minutes are published in the unit: a colleague sees every opinion, leaders by name,
    // colleagues without.
    await as(cv2.username, 'published', async (page) => {
      await page.goto(`/units/${team.unit.id}/peer`);
      assert.match(await page.getByTestId('peer-minutes-state').innerText(), /đã lập/);
      const text = await page.getByTestId('peer-minutes').innerText();
      assert.match(text, new RegExp(`Lãnh đạo trực tiếp: ${team.head.full_name}`));
      assert.ok(!text.includes(`Đồng cấp: ${cv1.full_name}`), 'colleagues are not named');
      assert.ok(text.includes(`Nhận xét số ${team.all.indexOf(cv1) + 1}`), 'their opinion is there');
      await shot(page, '06-minutes-published');
    });
  });
  test('an annual result from twelve months', async () => {
    const [cv1] = team.members;
    const lastYear = String(new Date().getUTCFullYear() - 1);
    let proposal;
    await as(cv1.username, 'year-self', async (page) => {
      await page.goto('/evaluations');
      await page.getByTestId('open-my-year-form').click();
      await page.waitForURL(/\/evaluations\/[^/]+$/);
      assert.match(await page.getByTestId('year-count').innerText(), /^12 /);
      assert.equal(await page.locator('[data-testid="year-months"] tbody tr').count(), 12);
      const months = await page.locator('[data-testid="year-months"] tbody tr td:nth-child(2)').allInnerTexts();
      const mean = months.map(num).reduce((a, b) => a + b, 0) / months.length;
      proposal = num((await page.getByTestId('year-proposal').innerText()).split(/\s/)[0]);
      assert.ok(Math.abs(proposal - mean) < 0.01, `the proposal ${proposal} is the months' mean ${mean}`);
      // The self-assessment starts from the months: every item is filled.
      const inputs = page.locator('input[name^="self_score_"][data-kind="criteria"]');
      const n = await inputs.count();
      for (let i = 0; i < n; i += 1) assert.notEqual(await inputs.nth(i).inputValue(), '');
      await shot(page, '07-annual-form');
      const sent = await submit(page, page.getByTestId('submit-form'));
      assert.equal(sent.post.status(), 303);
    });
    await as(team.head.username, 'year-decide', async (page) => {
      await page.goto(`/units/${team.unit.id}/evaluations`);
      await page.locator('#period').selectOption({ label: lastYear });
      await page.getByRole('button', { name: 'Xem' }).click();
      await page.getByRole('link', { name: cv1.full_name, exact: true }).click();
      await page.waitForURL(/\/evaluations\/[^/]+$/);
      const d = await submit(page, page.getByTestId('decide-proposed'));
      assert.equal(d.post.status(), 303);
      assert.match(await page.getByTestId('form-status').innerText(), /Lãnh đạo đã đánh giá/);
      assert.match(await page.getByTestId('final-grade').innerText(), /^[ABCD]/);
      await shot(page, '08-annual-decided');
    });
  });
});
