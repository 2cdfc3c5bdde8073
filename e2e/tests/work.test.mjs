// Browser test of work planning (issue 7, SPEC M5): in the demo, a staff member of the Văn
// phòng plans the month with the keyboard only, freezes the plan and adds a task later, logs
// two weeks and submits them; the head approves one week from the team page and returns the
// other with a comment; the staff member sees the comment; and the head, opening the staff
// member's evaluation form, sees the month's plan and log summed up beside the scores.

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
  screenshotPath,
  startServer,
  submit,
  unitByName,
} from './helpers.mjs';

describe('work planning in a browser', () => {
  let server;
  let browser;
  let staff;
  let head;
  let staffPerson;

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    // The demo prints its accounts only when it loads (on PostgreSQL the database outlives a
    // restart), so find them through the API: the head of the Văn phòng, and the one staff
    // member the demo leaves with an empty month.
    const token = await apiLogin(server.baseUrl, SYSTEM_ADMIN);
    const unit = await unitByName(server.baseUrl, token, 'Văn phòng HĐND và UBND');
    const { staff: rows } = await apiGet(server.baseUrl, token, `/api/v1/units/${unit.id}/staff`);
    const people = rows.map((r) => r.person);
    head = people.find((p) => p.rank === 'head');
    for (const p of people.filter((x) => x.rank === 'member')) {
      const work = await apiGet(server.baseUrl, token, `/api/v1/work/people/${p.id}`);
      if (work.month.items.length === 0) staffPerson = p;
    }
    assert.ok(head?.username, 'the Văn phòng has a head with an account');
    assert.ok(staffPerson?.username, 'the demo leaves one staff member with an empty month');
    staff = { username: staffPerson.username };
    head = { username: head.username };
  });

  after(async () => {
    if (browser) await browser.close();
    if (server) await server.stop();
  });

  async function as(username, name, body) {
    const { context, page } = await newPage(browser, server.baseUrl);
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

  const shot = (page, name) => page.screenshot({ path: screenshotPath(`work-${name}`), fullPage: true });

  test('plan, log two weeks, approve one, return the other, and see it beside the form', async () => {
    let formPath;
    await as(staff.username, 'staff-plans', async (page) => {
      await page.goto('/work');
      assert.equal(await page.getByTestId('plan-state').innerText(), 'Đang xây dựng');

      // Quick entry with the keyboard only: type, Tab to the next field, Enter to add.
      for (const [title, expected] of [
        ['Tổng hợp báo cáo tháng', 'Báo cáo gửi Chánh Văn phòng'],
        ['Rà soát hồ sơ một cửa', 'Không hồ sơ trễ hạn'],
      ]) {
        await page.locator('#pi-title').focus();
        await page.keyboard.type(title);
        await page.keyboard.press('Tab');
        await page.keyboard.type(expected);
        await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
        await page.getByText('Đã thêm công việc.').waitFor();
      }
      assert.equal(await page.getByTestId('plan-item').count(), 2);

      // A due date outside the month is refused next to its field; what was typed stays.
      await page.locator('#pi-title').fill('Báo cáo quý');
      await page.locator('#pi-due').fill('2099-01-15');
      const bad = await submit(page, page.getByTestId('add-plan-item').getByRole('button', { name: 'Thêm' }));
      assert.equal(bad.post.status(), 422);
      await page.getByText('Thời hạn phải nằm trong tháng của kế hoạch.').waitFor();
      assert.equal(await page.locator('#pi-title').inputValue(), 'Báo cáo quý');
      assert.equal(await page.getByTestId('plan-item').count(), 2, 'nothing was added');

      await submit(page, page.getByTestId('freeze'));
      assert.equal(await page.getByTestId('plan-state').innerText(), 'Đã chốt');
      await page.locator('#pi-title').fill('Chuẩn bị đoàn kiểm tra');
      await submit(page, page.getByTestId('add-plan-item').getByRole('button', { name: 'Thêm' }));
      await page.getByText('Bổ sung sau khi chốt').first().waitFor();

      // The first item is done.
      const first = page.getByTestId('plan-item').first();
      await first.locator('select[name="outcome"]').selectOption('done');
      await submit(page, first.getByRole('button', { name: 'Lưu' }));
      assert.equal(await page.getByTestId('sum-done').innerText(), '1');
      await shot(page, '01-plan');

      // This week's log, submitted.
      await page.locator('#lg-what').fill('Tổng hợp số liệu báo cáo tháng');
      await page.locator('#lg-result').fill('Đã gửi tổ tổng hợp');
      await Promise.all([page.waitForNavigation(), page.locator('#lg-what').press('Enter')]);
      await page.getByText('Đã ghi vào bảng kê.').waitFor();
      await submit(page, page.getByTestId('submit-log').getByRole('button', { name: 'Gửi duyệt' }));
      await page.getByText('Đã gửi bảng kê cho lãnh đạo trực tiếp.').waitFor();

      // Last week's log, submitted.
      await page.getByRole('link', { name: '« Tuần trước' }).click();
      await page.waitForLoadState('load');
      await page.locator('#lg-what').fill('Rà soát 20 hồ sơ một cửa');
      await Promise.all([page.waitForNavigation(), page.locator('#lg-what').press('Enter')]);
      await page.getByText('Đã ghi vào bảng kê.').waitFor();
      await submit(page, page.getByTestId('submit-log').getByRole('button', { name: 'Gửi duyệt' }));
      await page.getByText('Đã gửi bảng kê cho lãnh đạo trực tiếp.').waitFor();
      assert.equal(await page.getByTestId('log-entry').getAttribute('data-state'), 'submitted');
      await shot(page, '02-last-week');

      await page.goto('/evaluations');
      formPath = await page.getByTestId('open-my-form').getAttribute('href');
    });

    await as(head.username, 'head-decides', async (page) => {
      await page.goto('/work/team');
      // The staff member's two weeks wait for the head: approve one here, open the other.
      const theirs = () => page.getByTestId('waiting-row').filter({ has: page.locator(`a[href^="/work/people/${staffPerson.id}"]`) });
      assert.equal(await theirs().count(), 2, 'both weeks wait for the head');
      await shot(page, '03-team');
      await submit(page, theirs().first().getByRole('button', { name: 'Duyệt' }));
      await page.getByText('Đã duyệt bảng kê.').waitFor();
      assert.equal(await theirs().count(), 1);
      await theirs().getByRole('link', { name: 'Xem và trả lại' }).click();
      await page.waitForLoadState('load');
      // Returning needs a comment.
      const refused = await submit(page, page.getByTestId('decide').getByRole('button', { name: 'Trả lại' }));
      assert.equal(refused.post.status(), 422);
      await page.getByText('Khi trả lại, vui lòng ghi rõ ý kiến').waitFor();
      await page.getByTestId('decide').locator('input[name="comment"]').fill('Ghi rõ số báo cáo đã gửi');
      await submit(page, page.getByTestId('decide').getByRole('button', { name: 'Trả lại' }));
      await page.getByText('Đã trả lại bảng kê kèm ý kiến.').waitFor();

      // Beside the staff member's form: the month's plan and log, summed up.
      await page.goto(formPath);
      const work = page.getByTestId('form-work');
      await work.waitFor();
      assert.equal(await work.getByTestId('fw-planned').innerText(), '2');
      assert.equal(await work.getByTestId('fw-done').innerText(), '1');
      const log = await work.getByTestId('fw-log').innerText();
      assert.match(log, /Đã duyệt/);
      await shot(page, '04-form');
    });

    await as(staff.username, 'staff-sees-return', async (page) => {
      await page.goto('/work');
      const returned = page.getByTestId('review').filter({ hasText: 'Ghi rõ số báo cáo đã gửi' });
      // The returned week is this week or last week, whichever the head returned.
      if ((await returned.count()) === 0) {
        await page.getByRole('link', { name: '« Tuần trước' }).click();
        await page.waitForLoadState('load');
      }
      await page.getByTestId('review').filter({ hasText: 'Ghi rõ số báo cáo đã gửi' }).waitFor();
      assert.equal(await page.getByTestId('log-entry').first().getAttribute('data-state'), 'returned');
      await shot(page, '05-returned');
    });

  });
});
