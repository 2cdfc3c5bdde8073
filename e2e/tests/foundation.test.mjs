// Browser tests of the foundation (M1–M2): login, the organisation tree, adding a staff
// member with an account, the forced password change, scope, logout.
//
// One danhgia server (with the demo organisation) and one Chromium for the whole file; each
// test gets a fresh browser context, so its own cookies. The tests run in order and the
// third one uses the account the second one created.

import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';

import {
  DEMO_PASSWORD,
  SYSTEM_ADMIN,
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

const DISTRICT = 'Huyện Mẫu';
const COMMUNE = 'Xã An Phú';
const OTHER_COMMUNE = 'Xã Bình Minh';
const NOT_FOUND_TEXT = 'Không tìm thấy trang hoặc dữ liệu yêu cầu.';

// The new staff member. Names take letters only, so on a database that already holds one
// from an earlier run the generated account name gets a number: dothikiemthu2_huyenmau.
const NEW_NAME = 'Đỗ Thị Kiểm Thử';
const NEW_USERNAME = /^dothikiemthu\d*_huyenmau$/;
const NEW_POSITION = `Chuyên viên kiểm thử ${Date.now()}`;
const INITIAL_PASSWORD = 'KiemThu2026';
const CHANGED_PASSWORD = 'DoiMatKhau2027';

describe('danhgia in a browser', () => {
  let server;
  let browser;
  const contexts = new Set();
  // Filled by the staff test, used by the first-login test.
  let created = null;

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });

  after(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    if (browser) await browser.close();
    if (server) await server.stop();
  });

  /** Runs `body(page)` in a fresh browser context; on failure saves a screenshot. */
  async function inBrowser(name, body) {
    const { context, page } = await newPage(browser, server.baseUrl);
    contexts.add(context);
    try {
      await body(page);
      assert.deepEqual(page.problems, [], 'the pages raised script errors or CSP violations');
      rmSync(screenshotPath(`failed-${name}`), { force: true }); // from an earlier failed run
    } catch (e) {
      await page.screenshot({ path: screenshotPath(`failed-${name}`), fullPage: true }).catch(() => {});
      throw e;
    } finally {
      contexts.delete(context);
      await context.close();
    }
  }

  /** The admin of COMMUNE: from the demo's start-up lines, else from the unit page's role list. */
  async function communeAdmin() {
    const printed = server.accounts.find((a) => a.description === `unit admin of ${COMMUNE}`);
    if (printed) return printed.username;
    // A restarted server on a database that holds the demo already prints no account list;
    // the system admin sees the roles granted on the unit on its page.
    const token = await apiLogin(server.baseUrl, SYSTEM_ADMIN);
    const unit = await unitByName(server.baseUrl, token, COMMUNE);
    let username = null;
    await inBrowser('find-commune-admin', async (page) => {
      await login(page, SYSTEM_ADMIN);
      await page.goto(`/units/${unit.id}`);
      for (const line of await page.locator('ul.plain li').allTextContents()) {
        const m = /^\s*(\S+) — Quản trị đơn vị\s*$/.exec(line);
        if (m) username = m[1];
      }
    });
    assert.ok(username, `no unit admin of ${COMMUNE} printed at start nor listed on its page`);
    return username;
  }

  test('login: a wrong password is refused in Vietnamese, the right one opens the tree', async () => {
    await inBrowser('login', async (page) => {
      await page.goto('/');
      assert.equal(pathOf(page), '/login', 'an anonymous visitor is sent to the login page');
      assert.equal(await page.locator('#login-error').count(), 0);

      await page.locator('#username').fill(SYSTEM_ADMIN);
      await page.locator('#password').fill('Sai@mat-khau1');
      const refused = await submit(page, page.getByRole('button', { name: 'Đăng nhập' }));
      assert.equal(refused.post.status(), 401);
      assert.equal(pathOf(page), '/login');
      assert.equal((await page.locator('#login-error').innerText()).trim(),
        'Tên tài khoản hoặc mật khẩu không đúng.');
      assert.equal(await page.locator('#username').inputValue(), SYSTEM_ADMIN,
        'the account name typed is kept');
      assert.equal(await page.locator('#password').inputValue(), '', 'the password is not echoed back');

      await page.locator('#password').fill(DEMO_PASSWORD);
      const accepted = await submit(page, page.getByRole('button', { name: 'Đăng nhập' }));
      assert.equal(accepted.final.status(), 200);
      assert.equal(pathOf(page), '/evaluations', 'logging in lands on the monthly evaluation');
      await page.goto('/units');
      assert.equal((await page.locator('[data-testid=current-user]').innerText()).trim(), SYSTEM_ADMIN);

      const tree = page.locator('#unit-tree');
      const root = tree.locator(':scope > li');
      assert.equal(await root.count(), 1, 'the district is the only root');
      assert.equal((await root.locator('summary > a').first().innerText()).trim(), DISTRICT);
      assert.equal(await root.locator(':scope > details').getAttribute('open'), '', 'the root is open');

      const details = tree.locator('details');
      const total = await details.count();
      assert.ok(total > 1, `the demo tree has nested branches (found ${total} <details>)`);
      const openNow = () => tree.locator('details[open]').count();
      assert.ok(await openNow() < total, 'only the top of the tree is open at first');

      await page.getByRole('button', { name: 'Mở tất cả' }).click();
      await page.waitForFunction(() => [...document.querySelectorAll('#unit-tree details')].every((d) => d.open));
      assert.equal(await openNow(), total, '"Mở tất cả" opens every branch');
      await tree.getByRole('link', { name: COMMUNE, exact: true }).waitFor({ state: 'visible' });

      await page.getByRole('button', { name: 'Thu gọn' }).click();
      await page.waitForFunction(() => [...document.querySelectorAll('#unit-tree details')].every((d) => !d.open));
      assert.equal(await openNow(), 0, '"Thu gọn" closes every branch');
    });
  });

  test('staff: the admin adds a staff member, errors are shown per field, then the account is generated', async () => {
    await inBrowser('add-staff', async (page) => {
      await login(page, SYSTEM_ADMIN);
      assert.equal(pathOf(page), '/evaluations', 'logging in lands on the monthly evaluation');
      await page.goto('/units');

      // Through the tree to the commune's page.
      await page.getByRole('button', { name: 'Mở tất cả' }).click();
      await Promise.all([
        page.waitForURL(/\/units\/[^/]+$/),
        page.locator('#unit-tree').getByRole('link', { name: COMMUNE, exact: true }).click(),
      ]);
      const unitUrl = page.url();
      assert.equal((await page.locator('h1').innerText()).trim(), COMMUNE);
      const headers = (await page.locator('#staff-table thead th').allInnerTexts()).map((h) => h.trim());
      assert.deepEqual(headers, ['STT', 'Họ và tên', 'Chức vụ, chức danh', 'Tài khoản',
        'Lãnh đạo phụ trách nhận xét', 'Lãnh đạo đánh giá']);
      const before = await page.locator('#staff-table tbody tr').count();

      await Promise.all([
        page.waitForURL(/\/units\/[^/]+\/staff\/new$/),
        page.getByRole('link', { name: 'Thêm cán bộ' }).click(),
      ]);
      assert.ok(await page.locator('#create_account').isChecked(), 'an account is created by default');
      assert.equal(await page.locator('#username').inputValue(), '');

      // First try: a bad e-mail address and a too short password.
      await page.locator('#full_name').fill(NEW_NAME);
      await page.locator('#position_title').fill(NEW_POSITION);
      await page.locator('#email').fill('khong-phai-email');
      await page.locator('#phone').fill('0912345678');
      await page.locator('#initial_password').fill('abc1');
      const refused = await submit(page, page.getByRole('button', { name: 'Lưu', exact: true }));
      assert.equal(refused.post.status(), 422);
      assert.equal((await page.locator('p.error[role=alert]').innerText()).trim(),
        'Vui lòng sửa các lỗi được đánh dấu bên dưới.');
      assert.equal((await page.locator('#email-error').innerText()).trim(),
        'Địa chỉ email không hợp lệ (ví dụ: ten@hanoi.gov.vn).');
      assert.equal((await page.locator('#initial_password-error').innerText()).trim(),
        'Mật khẩu phải có ít nhất 8 ký tự.');
      assert.equal(await page.locator('#email').getAttribute('aria-invalid'), 'true');
      assert.equal(await page.locator('#email').getAttribute('aria-describedby'), 'email-error');
      assert.equal(await page.locator('#full_name-error').count(), 0, 'no error on a valid field');
      assert.equal(await page.locator('#full_name').getAttribute('aria-invalid'), null);
      // What was typed is kept (the password excepted).
      assert.equal(await page.locator('#full_name').inputValue(), NEW_NAME);
      assert.equal(await page.locator('#position_title').inputValue(), NEW_POSITION);
      assert.equal(await page.locator('#email').inputValue(), 'khong-phai-email');
      assert.equal(await page.locator('#phone').inputValue(), '0912345678');
      assert.ok(await page.locator('#create_account').isChecked(), 'the account box stays ticked');
      await page.screenshot({ path: screenshotPath('staff-form-errors'), fullPage: true });

      // Fixed.
      await page.locator('#email').fill('kiemthu@anphu.gov.vn');
      await page.locator('#initial_password').fill(INITIAL_PASSWORD);
      const saved = await submit(page, page.getByRole('button', { name: 'Lưu', exact: true }));
      assert.equal(saved.post.status(), 303);
      assert.match(pathOf(page), /^\/staff\/[^/]+$/);
      assert.equal((await page.locator('p.flash').innerText()).trim(), 'Đã lưu thông tin cán bộ.');
      assert.equal((await page.locator('h1').innerText()).trim(), NEW_NAME);
      const username = (await page.locator('[data-testid=username]').innerText()).trim();
      assert.match(username, NEW_USERNAME);
      created = { username, personPath: pathOf(page) };

      // The unit page lists the new member.
      await page.goto(unitUrl);
      const rows = page.locator('#staff-table tbody tr');
      assert.equal(await rows.count(), before + 1);
      const row = rows.filter({ hasText: NEW_POSITION });
      assert.equal(await row.count(), 1);
      const cells = (await row.locator('td').allInnerTexts()).map((c) => c.trim());
      assert.equal(cells[1], NEW_NAME);
      assert.equal(cells[2], NEW_POSITION);
      assert.equal(cells[3], username);
      assert.equal(await row.getByRole('link', { name: NEW_NAME }).getAttribute('href'), created.personPath);
      await page.screenshot({ path: screenshotPath('unit-page'), fullPage: true });
    });
  });

  test('first login: the new account must change its password, then works', async () => {
    assert.ok(created, 'needs the account created by the previous test');
    await inBrowser('first-login', async (page) => {
      await login(page, created.username, INITIAL_PASSWORD);
      assert.equal(pathOf(page), '/password', 'a new account is sent to the password page');
      assert.match(await page.locator('p.flash').innerText(), /vui lòng đổi mật khẩu/);

      // Nothing else is reachable before the change.
      await page.goto('/units');
      assert.equal(pathOf(page), '/password');

      // The two new passwords must match.
      await page.locator('#current').fill(INITIAL_PASSWORD);
      await page.locator('#new').fill(CHANGED_PASSWORD);
      await page.locator('#confirm').fill(CHANGED_PASSWORD + 'x');
      const refused = await submit(page, page.getByRole('button', { name: 'Đổi mật khẩu' }));
      assert.equal(refused.post.status(), 422);
      assert.equal((await page.locator('#confirm-error').innerText()).trim(), 'Hai mật khẩu mới không giống nhau.');

      await page.locator('#current').fill(INITIAL_PASSWORD);
      await page.locator('#new').fill(CHANGED_PASSWORD);
      await page.locator('#confirm').fill(CHANGED_PASSWORD);
      await submit(page, page.getByRole('button', { name: 'Đổi mật khẩu' }));
      assert.equal(pathOf(page), '/evaluations');
      assert.equal((await page.locator('p.flash').innerText()).trim(), 'Đã đổi mật khẩu.');
      assert.equal((await page.locator('[data-testid=current-user]').innerText()).trim(), created.username);
    });

    // A new session with the new password goes straight to the app; the old password is refused.
    await inBrowser('second-login', async (page) => {
      await login(page, created.username, CHANGED_PASSWORD);
      assert.equal(pathOf(page), '/evaluations');

      await page.locator('[data-testid=current-user]').waitFor();
      await page.context().clearCookies();
      await page.goto('/login');
      await page.locator('#username').fill(created.username);
      await page.locator('#password').fill(INITIAL_PASSWORD);
      const refused = await submit(page, page.getByRole('button', { name: 'Đăng nhập' }));
      assert.equal(refused.post.status(), 401);
      await page.locator('#login-error').waitFor();
    });
  });

  test('scope: a commune admin sees only their commune; another commune answers 404', async () => {
    const admin = await communeAdmin();
    const token = await apiLogin(server.baseUrl, SYSTEM_ADMIN);
    const other = await unitByName(server.baseUrl, token, OTHER_COMMUNE);
    const own = await unitByName(server.baseUrl, token, COMMUNE);

    await inBrowser('scope', async (page) => {
      await login(page, admin);
      assert.equal(pathOf(page), '/evaluations', 'logging in lands on the monthly evaluation');
      await page.goto('/units');
      assert.equal((await page.locator('[data-testid=current-user]').innerText()).trim(), admin);

      const tree = page.locator('#unit-tree');
      const top = tree.locator(':scope > li');
      assert.equal(await top.count(), 1, 'one top-level unit');
      const topLink = top.locator('a').first();
      assert.equal((await topLink.innerText()).trim(), COMMUNE);
      assert.equal(await topLink.getAttribute('href'), `/units/${own.id}`);
      assert.equal(await tree.getByText(OTHER_COMMUNE).count(), 0, `${OTHER_COMMUNE} is not in the tree`);
      assert.equal(await tree.getByText(DISTRICT).count(), 0, 'the district is not in the tree');

      const mine = await page.goto(`/units/${own.id}`);
      assert.equal(mine.status(), 200);
      assert.equal((await page.locator('h1').innerText()).trim(), COMMUNE);

      const theirs = await page.goto(`/units/${other.id}`);
      assert.equal(theirs.status(), 404);
      assert.match(await page.locator('body').innerText(), new RegExp(NOT_FOUND_TEXT.replace('.', '\\.')));
      assert.doesNotMatch(await page.locator('body').innerText(), new RegExp(OTHER_COMMUNE));

      // Its staff form too.
      const form = await page.goto(`/units/${other.id}/staff/new`);
      assert.equal(form.status(), 404);
    });
  });

  test('logout: back to the login page, and the old session no longer opens pages', async () => {
    await inBrowser('logout', async (page) => {
      await login(page, SYSTEM_ADMIN);
      assert.equal(pathOf(page), '/evaluations');
      const sessionCookies = await page.context().cookies();

      await submit(page, page.getByRole('button', { name: 'Đăng xuất' }));
      const url = new URL(page.url());
      assert.equal(url.pathname, '/login');
      assert.equal(url.searchParams.get('out'), '1');
      assert.match(await page.locator('main').innerText(), /Bạn đã đăng xuất\./);
      assert.equal(await page.locator('[data-testid=current-user]').count(), 0);

      await page.goto('/units');
      assert.equal(pathOf(page), '/login', '/units sends a logged-out visitor to the login page');

      // Putting the old session cookie back does not help: the session is gone on the server.
      await page.context().addCookies(sessionCookies);
      await page.goto('/units');
      assert.equal(pathOf(page), '/login', 'the old session cookie is no longer accepted');
    });
  });
});
