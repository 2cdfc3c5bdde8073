// Browser test of results and reports (issue 8 "Done when"): in the demo, the district's
// aggregator opens the statistics with their charts, exports the month's summary list as Excel
// and as PDF (both read back), follows a number to the forms behind it; and the alerts job's
// daily digest reaches a real SMTP server, one per leader, whose alerts show in the app.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';

import {
  SYSTEM_ADMIN,
  apiGet,
  bodyOf,
  apiLogin,
  launchBrowser,
  login,
  newPage,
  screenshotPath,
  startServer,
  startSmtp,
  subjectOf,
  unitByName,
} from './helpers.mjs';

const DIGEST = 'Tổng hợp việc cần xử lý';

describe('results and reports in a browser', () => {
  let smtp;
  let server;
  let browser;
  let aggregator;
  let district;

  before(async () => {
    smtp = await startSmtp();
    // The digest hour 0 so that the day's digest leaves at once whatever the hour of the run;
    // alerts and mail rounds every second or two.
    server = await startServer([
      '--smtp-url', smtp.url,
      '--digest-hour', '0',
      '--alert-seconds', '2',
      '--mail-seconds', '1',
    ]);
    browser = await launchBrowser();
    const token = await apiLogin(server.baseUrl, SYSTEM_ADMIN);
    district = await unitByName(server.baseUrl, token, 'Huyện Mẫu');
    // The aggregator of the district is a member of Phòng Nội vụ (found through the API: the
    // demo prints its accounts only when it loads).
    const nv = await unitByName(server.baseUrl, token, 'Phòng Nội vụ');
    const { staff } = await apiGet(server.baseUrl, token, `/api/v1/units/${nv.id}/staff`);
    for (const { person } of staff) {
      if (!person.username) continue;
      const me = await apiGet(server.baseUrl, await apiLogin(server.baseUrl, person.username), '/api/v1/me');
      if (me.roles.some((r) => r.role === 'aggregator' && r.unit_id === district.id)) aggregator = person.username;
    }
    assert.ok(aggregator, 'the demo has an aggregator of the district');
  });

  after(async () => {
    if (browser) await browser.close();
    if (server) await server.stop();
    if (smtp) await smtp.stop();
  });

  test('the aggregator sees the charts and exports the summary list as Excel and PDF', async () => {
    const { context, page } = await newPage(browser, server.baseUrl);
    try {
      await login(page, aggregator);
      await page.goto(`/units/${district.id}/statistics`);
      for (const chart of ['chart-progress', 'chart-grades']) {
        const svg = page.getByTestId(chart).locator('svg');
        await svg.waitFor();
        assert.ok((await svg.locator('rect').count()) > 4, `${chart} draws its bars`);
      }
      await page.screenshot({ path: screenshotPath('reports-statistics'), fullPage: true });

      const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByTestId('summary-xlsx').click()]);
      assert.match(xlsx.suggestedFilename(), /^tong-hop-\d{4}-\d{2}-HM\.xlsx$/);
      const xlsxBytes = readFileSync(await xlsx.path());
      assert.equal(xlsxBytes.subarray(0, 2).toString('latin1'), 'PK', 'an .xlsx is a zip');

      const [pdf] = await Promise.all([page.waitForEvent('download'), page.getByTestId('summary-pdf').click()]);
      assert.match(pdf.suggestedFilename(), /^tong-hop-\d{4}-\d{2}-HM\.pdf$/);
      const pdfPath = await pdf.path();
      assert.equal(readFileSync(pdfPath).subarray(0, 5).toString('latin1'), '%PDF-');
      const text = execFileSync('pdftotext', [pdfPath, '-'], { encoding: 'utf8' });
      assert.match(text, /DANH SÁCH TỔNG HỢP KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI/);
      assert.match(text, /CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM/);
      assert.match(text, /THỦ TRƯỞNG ĐƠN VỊ/);

      // A number of the table opens the forms it counts.
      const cell = page.getByTestId('tally').locator('tbody tr').first().locator('td.num a').first();
      const count = Number(await cell.textContent());
      await cell.click();
      await page.waitForURL(/\/forms\?/);
      assert.equal(await page.getByTestId('list-total').textContent(), `(${count})`);
      assert.deepEqual(page.problems, []);
    } finally {
      await context.close();
    }
  });

  test("leaders get one digest a day at the SMTP server and see their alerts in the app", async () => {
    const digest = await smtp.waitFor((m) => subjectOf(m.data).startsWith(DIGEST));
    const to = digest.to[0];
    const text = bodyOf(digest.data);
    assert.match(text, /^Kính gửi đồng chí /);
    assert.match(text, /đang chờ đồng chí xử lý/);
    // Later rounds send no second digest to the same leader.
    await new Promise((r) => setTimeout(r, 4_000));
    const digests = smtp.messages.filter((m) => m.to[0] === to && subjectOf(m.data).startsWith(DIGEST));
    assert.equal(digests.length, 1, `one digest for ${to}`);

    // The leader, found by the address, sees the alerts in the app with the header's count.
    const token = await apiLogin(server.baseUrl, SYSTEM_ADMIN);
    const { people } = await apiGet(server.baseUrl, token, `/api/v1/search?q=${encodeURIComponent(to)}`);
    const leader = people.find((h) => h.person.email === to)?.person;
    assert.ok(leader?.username, `a person with the address ${to}`);
    const { context, page } = await newPage(browser, server.baseUrl);
    try {
      await login(page, leader.username);
      const count = Number(await page.getByTestId('nav-alerts').locator('.alert-count').textContent());
      assert.ok(count > 0, 'the header counts unread alerts');
      await page.getByTestId('nav-alerts').click();
      await page.waitForURL('**/alerts');
      const rows = page.getByTestId('alert');
      assert.ok((await rows.count()) > 0);
      await page.screenshot({ path: screenshotPath('reports-alerts'), fullPage: true });
      await page.getByTestId('alerts-read-all').click();
      await page.waitForURL(/\/alerts\?ok=/);
      assert.equal(await page.getByTestId('nav-alerts').locator('.alert-count').count(), 0);
      assert.deepEqual(page.problems, []);
    } finally {
      await context.close();
    }
  });
});
