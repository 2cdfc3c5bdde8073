// Browser tests of the rules as data (issue 4, M3): the system admin finds a criteria set,
// copies it, changes one criterion (a wrong sum is refused next to its field, nothing is
// saved), and the old version still shows the old text; a staff member's form is previewed
// and trial-scored with the errors next to the item.

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
  pathOf,
  screenshotPath,
  startServer,
  submit,
  unitByName,
} from './helpers.mjs';

const SHIPPED = 'hn-15-cong-chuc-quan-huyen-xa';
const COPY = `hn-15-kiem-thu-${Date.now()}`;
const OLD_TITLE = 'Phẩm chất chính trị, phẩm chất đạo đức, văn hóa thực thi công vụ';
const NEW_TITLE = 'Phẩm chất chính trị, đạo đức, lối sống (bản sửa kiểm thử)';
const SUM_ERROR = 'Tổng điểm tối đa của các tiêu chí không bằng điểm tối đa của phần';

describe('criteria sets in a browser', () => {
  let server;
  let browser;

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });

  after(async () => {
    if (browser) await browser.close();
    if (server) await server.stop();
  });

  async function inBrowser(name, body) {
    const { context, page } = await newPage(browser, server.baseUrl);
    try {
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

  test('an admin copies a set, changes one criterion, and the old version keeps the old text', async () => {
    await inBrowser('criteria-copy-edit', async (page) => {
      await login(page, SYSTEM_ADMIN);
      await page.getByRole('link', { name: 'Bộ tiêu chí', exact: true }).click();
      assert.equal(pathOf(page), '/criteria');
      for (const id of ['preset-hanoi-2021', 'preset-nd335-2026', 'preset-quang-tri-2019']) {
        assert.equal(await page.locator(`#${id}`).count(), 1, `${id} is listed`);
      }
      assert.equal(await page.locator('#preset-hanoi-2021 tbody tr').count(), 19, "Hanoi's 19 sets (Đ.11)");
      assert.equal(await page.locator('#preset-quang-tri-2019 tbody tr').count(), 6, "Quảng Trị's 6 sets (Đ.4)");

      await page.locator(`a[href="/criteria/${SHIPPED}"]`).click();
      const form = page.locator('[data-testid=printed-form]');
      assert.match(await form.innerText(), /CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM/);
      assert.ok((await form.innerText()).includes(OLD_TITLE));
      assert.ok(await page.getByText('Cần quản trị xác nhận').first().isVisible(), 'unconfirmed texts are marked');

      await page.locator('#key').fill(COPY);
      await page.locator('#title').fill('Bộ tiêu chí công chức cấp huyện (bản của đơn vị)');
      const copied = await submit(page, page.getByRole('button', { name: 'Sao chép', exact: true }));
      assert.equal(copied.post.status(), 303);
      assert.equal(pathOf(page), `/criteria/${COPY}/edit`);
      assert.equal((await page.locator('.flash').innerText()).trim(), 'Đã sao chép. Bạn có thể sửa bộ mới.');

      // A maximum that breaks the section's sum: refused next to the section's field.
      await page.locator('#c0_0_title').fill(NEW_TITLE);
      await page.locator('#c0_0_max').fill('12');
      const refused = await submit(page, page.getByRole('button', { name: 'Lưu phiên bản mới' }).first());
      assert.equal(refused.post.status(), 422);
      assert.ok((await page.locator('#s0_max-error').innerText()).includes(SUM_ERROR));
      assert.equal(await page.locator('#s0_max').getAttribute('aria-invalid'), 'true');
      assert.equal(await page.locator('#c0_0_title').inputValue(), NEW_TITLE, 'what was typed is kept');
      assert.equal(await page.locator('#c0_0_max').inputValue(), '12');

      // Fixed: saved as version 2.
      await page.locator('#c0_0_max').fill('10');
      await page.locator('#note').fill('Sửa tên tiêu chí I.1');
      const saved = await submit(page, page.getByRole('button', { name: 'Lưu phiên bản mới' }).first());
      assert.equal(saved.post.status(), 303);
      assert.equal(pathOf(page), `/criteria/${COPY}`);
      assert.equal((await page.locator('[data-testid=version]').innerText()).trim(), '2');
      assert.ok((await form.innerText()).includes(NEW_TITLE));
      assert.equal(await page.locator('#versions tbody tr').count(), 2);

      // Version 1, which evaluations scored on it keep, still reads as it did.
      await page.locator('#versions').getByRole('link', { name: '1', exact: true }).click();
      assert.equal((await page.locator('[data-testid=version]').innerText()).trim(), '1');
      assert.ok((await form.innerText()).includes(OLD_TITLE));
      assert.ok(!(await form.innerText()).includes(NEW_TITLE));
      assert.ok(await page.getByText('Đây là phiên bản cũ').isVisible());
    });
  });

  test("a staff member's form is previewed and trial-scored, errors next to the item", async () => {
    const token = await apiLogin(server.baseUrl, SYSTEM_ADMIN);
    const commune = await unitByName(server.baseUrl, token, 'Xã An Phú');
    const { staff } = await apiGet(server.baseUrl, token, `/api/v1/units/${commune.id}/staff`);
    const clerk = staff.map((s) => s.person).find((p) => p.position_title.startsWith('Công chức Văn hóa'));
    assert.ok(clerk, 'the commune has a culture clerk');

    await inBrowser('criteria-person', async (page) => {
      await login(page, SYSTEM_ADMIN);
      await page.goto(`/staff/${clerk.id}`);
      await page.getByRole('link', { name: 'Phiếu đánh giá sẽ dùng' }).click();
      const set = page.locator('[data-testid=person-set] a');
      assert.equal(await set.getAttribute('href'), `/criteria/${SHIPPED}`, 'a commune civil servant gets set 15');

      await page.getByLabel('I.1', { exact: true }).fill('11');
      await page.getByLabel('I.2', { exact: true }).fill('10');
      await page.getByLabel('II.1', { exact: true }).fill('65');
      const over = await submit(page, page.getByRole('button', { name: 'Tính điểm' }));
      assert.equal(over.post.status(), 422);
      assert.match(await page.locator('[id="err-I.1"]').innerText(), /Điểm vượt điểm tối đa của tiêu chí \(10\)/);
      assert.equal(await page.getByLabel('I.1', { exact: true }).inputValue(), '11', 'what was typed is kept');

      await page.getByLabel('I.1', { exact: true }).fill('9,5');
      await page.getByLabel('III.1', { exact: true }).fill('2,5');
      await page.getByLabel('Lý do III.1').fill('Sáng kiến số hóa hồ sơ một cửa');
      const ok = await submit(page, page.getByRole('button', { name: 'Tính điểm' }));
      assert.equal(ok.post.status(), 200);
      const trial = await page.locator('[data-testid=trial]').innerText();
      // 9.5 + 10 + 65 + 2.5 = 87 → B (Hanoi Đ.13.1: 70 to under 90).
      assert.match(trial, /Tổng điểm: 87/);
      assert.match(trial, /B — Hoàn thành tốt nhiệm vụ/);
    });
  });
});
