// Browser test of the personnel files (issue 11 "Done when"): in the demo every staff member has
// a plausible file (profile with a 12-digit CCCD, a recruitment in the career; only a few files
// flagged incomplete); an appointment entered and carried out through the person's page changes
// their position, their rank, their leader role and who reviews and evaluates them (Hanoi Quy
// chế Đ.10: a deputy is evaluated by the head alone, a member of a unit of 20 or more is first
// reviewed by a deputy), while a decision without its number is refused with nothing changed;
// and the June report (Nghị định 09/2019) and the completeness list export as Excel and PDF.
// Screenshots go to e2e/screenshots/hr-*.png.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';
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

const DISTRICT = 'Huyện Mẫu';
/** Đ.10.3: from this many staff a deputy comments before the head decides. */
const REVIEWER_THRESHOLD = 20;

/** Today in Vietnam (UTC+7) as yyyy-mm-dd, what an HTML date input takes. */
function isoToday() {
  return new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
}

/** The entries of a zip file (an .xlsx) as a Map from name to Buffer. */
function unzip(buf) {
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd -= 1;
  assert.ok(eocd >= 0, 'a zip file has an end of central directory');
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  const files = new Map();
  for (let i = 0; i < count; i += 1) {
    assert.equal(buf.readUInt32LE(at), 0x02014b50, 'a central directory entry');
    const method = buf.readUInt16LE(at + 10);
    const size = buf.readUInt32LE(at + 20);
    const nameLen = buf.readUInt16LE(at + 28);
    const extraLen = buf.readUInt16LE(at + 30);
    const commentLen = buf.readUInt16LE(at + 32);
    const local = buf.readUInt32LE(at + 42);
    const name = buf.subarray(at + 46, at + 46 + nameLen).toString('utf8');
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(start, start + size);
    files.set(name, method === 8 ? inflateRawSync(data) : Buffer.from(data));
    at += 46 + nameLen + extraLen + commentLen;
  }
  return files;
}

const xmlText = (s) => s.replace(/<[^>]+>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>')
  .replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

/** The first sheet of an .xlsx as rows of cell texts (numbers stay text), in row order. */
function sheetRows(buf) {
  const files = unzip(buf);
  const sheet = files.get('xl/worksheets/sheet1.xml');
  assert.ok(sheet, 'the workbook has a first sheet');
  const shared = files.has('xl/sharedStrings.xml')
    ? [...files.get('xl/sharedStrings.xml').toString('utf8').matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) => xmlText(m[1]))
    : [];
  const rows = [];
  for (const [, body] of sheet.toString('utf8').matchAll(/<row\b[^>]*>([\s\S]*?)<\/row>/g)) {
    const row = [];
    for (const [, col, attrs, inner = ''] of body.matchAll(/<c r="([A-Z]+)\d+"([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
      const index = [...col].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
      const v = /<v>([\s\S]*?)<\/v>/.exec(inner)?.[1];
      let text = '';
      if (/t="inlineStr"/.test(attrs)) text = xmlText(/<is>([\s\S]*?)<\/is>/.exec(inner)?.[1] ?? '');
      else if (/t="s"/.test(attrs)) text = shared[Number(v)] ?? '';
      else if (v !== undefined) text = xmlText(v);
      row[index] = text;
    }
    rows.push(Array.from(row, (c) => c ?? ''));
  }
  return rows;
}

/** The dt → dd texts of a definition list. */
function facts(dl) {
  return dl.evaluate((el) => {
    const out = {};
    for (const dt of el.querySelectorAll('dt')) {
      const dd = dt.nextElementSibling;
      if (dd && dd.tagName === 'DD') out[dt.textContent.trim()] = dd.textContent.trim();
    }
    return out;
  });
}

/** The rows of the unit page's staff table, by person id: { name, position, reviewer, evaluator }. */
async function staffTable(page, unitId) {
  await page.goto(`/units/${unitId}`);
  const rows = await page.locator('#staff-table tbody tr').evaluateAll((trs) => trs.map((tr) => {
    const td = [...tr.querySelectorAll('td')].map((c) => c.textContent.trim());
    const href = tr.querySelector('a[href^="/staff/"]').getAttribute('href');
    return { id: href.split('/').pop(), name: td[1], position: td[2], reviewer: td[4], evaluator: td[5] };
  }));
  assert.ok(rows.length > 0, 'the unit page lists its staff');
  return new Map(rows.map((r) => [r.id, r]));
}

/** The career table's rows as { when, kind, what, decision } (none when the file is empty). */
async function careerRows(page) {
  if ((await page.getByTestId('career').count()) === 0) return [];
  return page.getByTestId('career').locator('tbody tr').evaluateAll((trs) => trs.map((tr) => {
    // A cell's own text, without the scan upload form an admin sees in it.
    const text = (c) => {
      const copy = c.cloneNode(true);
      copy.querySelectorAll('form').forEach((f) => f.remove());
      return copy.textContent.trim();
    };
    const [when, kind, what, decision] = [...tr.querySelectorAll('td')].map(text);
    return { when, kind, what, decision };
  }));
}

describe('personnel files in a browser', () => {
  let server;
  let browser;
  let token;
  let district;
  /** Everyone in the district, with their unit: { person, reviewer, evaluator, unit }. */
  let everyone;

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    token = await apiLogin(server.baseUrl, SYSTEM_ADMIN);
    district = await unitByName(server.baseUrl, token, DISTRICT);
    const { units } = await apiGet(server.baseUrl, token, '/api/v1/units');
    everyone = [];
    for (const unit of units.filter((u) => u.path.startsWith(district.path))) {
      const { staff } = await apiGet(server.baseUrl, token, `/api/v1/units/${unit.id}/staff`);
      for (const s of staff) everyone.push({ ...s, unit });
    }
    assert.ok(everyone.length > 100, `the demo district has its staff (${everyone.length})`);
  });

  after(async () => {
    if (browser) await browser.close();
    if (server) await server.stop();
  });

  async function asAdmin(name, body) {
    const { context, page } = await newPage(browser, server.baseUrl);
    try {
      await login(page, SYSTEM_ADMIN);
      await body(page);
      assert.deepEqual(page.problems, [], 'the pages raised script errors or CSP violations');
      rmSync(screenshotPath(`failed-hr-${name}`), { force: true });
    } catch (e) {
      await page.screenshot({ path: screenshotPath(`failed-hr-${name}`), fullPage: true }).catch(() => {});
      throw e;
    } finally {
      await context.close();
    }
  }

  test('every staff member of the demo has a plausible file; only a few are incomplete', async () => {
    await asAdmin('files', async (page) => {
      await page.goto(`/units/${district.id}/staffing`);
      assert.equal((await page.locator('h1').innerText()).trim(), 'Tổ chức, biên chế và hồ sơ');
      const reports = page.locator('p', { has: page.getByTestId('incomplete-count') });
      const total = Number(/Số hồ sơ: (\d+)/.exec(await reports.innerText())?.[1]);
      const incomplete = Number(await page.getByTestId('incomplete-count').innerText());
      assert.equal(total, everyone.length, 'one file per staff member of the district');
      assert.ok(incomplete > 0, 'the demo leaves some files incomplete for the report');
      assert.ok(incomplete * 5 < total, `far fewer incomplete files (${incomplete}) than files (${total})`);
      await page.screenshot({ path: screenshotPath('hr-01-staffing'), fullPage: true });

      await page.getByRole('link', { name: 'Hồ sơ chưa đầy đủ', exact: true }).click();
      await page.waitForURL(`**/units/${district.id}/staffing/completeness`);
      // The per-unit counts add up to the staffing page's.
      const perUnit = await page.getByTestId('completeness-units').locator('tbody tr').evaluateAll((trs) =>
        trs.map((tr) => [...tr.querySelectorAll('td')].map((c) => c.textContent.trim())));
      assert.equal(perUnit.reduce((n, r) => n + Number(r[1]), 0), total);
      assert.equal(perUnit.reduce((n, r) => n + Number(r[2]), 0), incomplete);
      const listed = await page.getByTestId('completeness').locator('tbody tr').evaluateAll((trs) => trs.map((tr) => {
        const td = [...tr.querySelectorAll('td')].map((c) => c.textContent.trim());
        return { id: tr.querySelector('a').getAttribute('href').replace(/^\/staff\//, '').replace(/#.*$/, ''), name: td[1], gaps: td[4] };
      }));
      // Past the page's limit, "Danh sách trong tệp Excel có thêm N" counts the rest.
      const moreNote = page.locator('p.muted', { hasText: 'Danh sách trong tệp Excel có thêm' });
      const more = (await moreNote.count()) ? Number(/(\d+)\s*$/.exec(await moreNote.innerText())[1]) : 0;
      assert.equal(listed.length + more, incomplete, 'the list names every incomplete file');
      for (const r of listed) assert.ok(r.gaps.length > 0, `${r.name}: what the file lacks is said`);
      await page.screenshot({ path: screenshotPath('hr-02-completeness'), fullPage: true });

      // An incomplete file says on the person's page what it lacks.
      const gap = listed[0];
      await page.getByTestId('completeness').getByRole('link', { name: gap.name, exact: true }).first().click();
      await page.waitForURL(`**/staff/${gap.id}*`);
      const warnings = (await page.locator('[data-testid="profile-missing"], [data-testid="career-missing"]').allInnerTexts()).join(' ');
      for (const g of gap.gaps.split(', ')) assert.ok(warnings.includes(g), `${gap.name}'s page says the file lacks ${g}: ${warnings}`);

      // Three complete files taken at random: a profile with a 12-digit CCCD, and a
      // recruitment in the career for all but contract workers.
      const incompleteIds = new Set(listed.map((r) => r.id));
      const complete = everyone.filter((s) => !incompleteIds.has(s.person.id) && s.person.employment !== 'hop_dong');
      const picks = [];
      while (picks.length < 3) {
        const s = complete[Math.floor(Math.random() * complete.length)];
        if (!picks.includes(s)) picks.push(s);
      }
      for (const { person, unit } of picks) {
        const who = `${person.full_name} (${unit.name}, ${person.id})`;
        await page.goto(`/staff/${person.id}`);
        const profile = await facts(page.getByTestId('profile'));
        assert.match(profile['Số CCCD'], /^\d{12}$/, `${who}: a 12-digit CCCD`);
        assert.match(profile['Ngày sinh'], /^\d{2}\/\d{2}\/\d{4}$/, `${who}: a date of birth, dd/mm/yyyy`);
        const born = Number(profile['Ngày sinh'].slice(6, 10));
        const age = new Date().getUTCFullYear() - born;
        assert.ok(age >= 18 && age <= 65, `${who}: a plausible age (${age})`);
        assert.match(profile['Giới tính'], /^(Nam|Nữ)$/, `${who}: a gender`);
        // The CCCD's first six digits: province of birth registration, then century+gender and
        // the year of birth (Thông tư 59/2021/TT-BCA Đ.7).
        const centuryGender = Number(profile['Số CCCD'][3]);
        assert.equal(centuryGender % 2 === 1, profile['Giới tính'] === 'Nữ', `${who}: the CCCD's gender digit`);
        assert.equal(profile['Số CCCD'].slice(4, 6), String(born).slice(2), `${who}: the CCCD's year of birth`);
        assert.ok(profile['Nơi sinh'] && profile['Quê quán'] && profile['Dân tộc'], `${who}: birthplace, home town, ethnicity`);
        assert.equal(await page.getByTestId('profile-missing').count(), 0, `${who}: nothing missing in the profile`);
        assert.equal(await page.getByTestId('career-missing').count(), 0, `${who}: nothing missing in the career`);
        const career = await careerRows(page);
        const recruited = career.find((r) => r.kind === 'Tuyển dụng');
        assert.ok(recruited, `${who}: a recruitment in the career (${career.map((r) => r.kind).join(', ')})`);
        assert.match(recruited.decision, /^\S+\/\S+, \d{2}\/\d{2}\/\d{4}, \S/, `${who}: the recruitment's decision: ${recruited.decision}`);
        assert.ok(career.some((r) => r.kind === 'Ngạch, bậc lương'), `${who}: a salary scale in the career`);
        if (person.rank !== 'member') {
          assert.ok(career.some((r) => /^Bổ nhiệm/.test(r.kind)), `${who}: a leader's appointment in the career`);
        }
      }
    });
  });

  test('an appointment through the UI moves the person, and who reviews and evaluates them follows', async () => {
    // A commune of at least 20 staff with a head and a deputy: its members are reviewed by the
    // first deputy and evaluated by the head (Đ.10.3).
    const { units } = await apiGet(server.baseUrl, token, '/api/v1/units');
    let unit;
    let staff;
    for (const u of units.filter((x) => x.kind === 'commune' && x.path.startsWith(district.path))) {
      const list = (await apiGet(server.baseUrl, token, `/api/v1/units/${u.id}/staff`)).staff;
      const heads = list.filter((s) => s.person.rank === 'head');
      if (list.length >= REVIEWER_THRESHOLD && heads.length === 1 && list.some((s) => s.person.rank === 'deputy')) {
        unit = u;
        staff = list;
        break;
      }
    }
    assert.ok(unit, 'the demo has a commune of 20 or more staff with a head and a deputy');
    const head = staff.find((s) => s.person.rank === 'head').person;
    const firstDeputy = staff.findIndex((s) => s.person.rank === 'deputy');
    const deputyTitle = staff[firstDeputy].person.position_title;
    // The appointee: a civil servant listed after the first deputy (so that deputy stays the
    // one the other members' reviews go to), with no reviewer or evaluator set by hand.
    const candidates = staff.slice(firstDeputy + 1).filter((s) => s.person.rank === 'member'
      && s.person.employment !== 'hop_dong' && s.reviewer && !s.person.reviewer_id && !s.person.evaluator_id);
    assert.ok(candidates.length > 0, `a member of ${unit.name} to appoint`);
    const person = candidates[candidates.length - 1].person;
    const signer = everyone.find((s) => s.unit.id === district.id && s.person.rank === 'head')?.person.full_name;
    assert.ok(signer, 'the district has a head to sign');
    const today = isoToday();
    // Pages write days as dd/mm/yyyy.
    const shown = `${today.slice(8, 10)}/${today.slice(5, 7)}/${today.slice(0, 4)}`;
    const decision = `${String(Date.now()).slice(-4)}/QĐ-UBND`;
    const newTitle = /^Phó /.test(deputyTitle) ? deputyTitle : 'Phó Chủ tịch UBND xã';
    assert.notEqual(person.position_title, newTitle);

    await asAdmin('appointment', async (page) => {
      // Before: the unit page shows the member reviewed by the deputy, evaluated by the head.
      const before = await staffTable(page, unit.id);
      const mine = before.get(person.id);
      assert.equal(mine.position, person.position_title);
      assert.equal(mine.reviewer, staff[firstDeputy].person.full_name, 'a member is reviewed by the deputy (Đ.10.3)');
      assert.equal(mine.evaluator, head.full_name, 'and evaluated by the head');

      await page.goto(`/staff/${person.id}`);
      const was = await facts(page.locator('dl.facts').first());
      assert.equal(was['Chức vụ, chức danh'], person.position_title);
      assert.equal(was['Vị trí lãnh đạo'], 'Cán bộ, nhân viên');
      assert.equal(was['Lãnh đạo phụ trách nhận xét'], mine.reviewer);
      assert.equal(was['Lãnh đạo đánh giá'], head.full_name);
      const careerBefore = await careerRows(page);
      const rolesBefore = await page.locator('#roles li').allInnerTexts();

      const form = page.getByTestId('career-form');
      const fill = async (number) => {
        await form.locator('select[name="career_kind"]').selectOption('appointment');
        await form.locator('input[name="career_from"]').fill(today);
        await form.locator('input[name="career_decision_number"]').fill(number);
        await form.locator('input[name="career_decision_date"]').fill(today);
        await form.locator('input[name="career_decision_signer"]').fill(signer);
        await form.locator('select[name="career_unit"]').selectOption(unit.id);
        await form.locator('input[name="career_position"]').fill(newTitle);
        await form.locator('select[name="career_rank"]').selectOption('deputy');
        await form.locator('input[name="career_apply"]').check();
      };

      // Without the decision's number: refused next to the field, nothing changed.
      await fill('');
      const refused = await submit(page, page.getByTestId('career-save'));
      assert.equal(refused.post.status(), 422);
      const err = page.locator('#career_decision_number-error');
      assert.match(await err.innerText(), /Cần số quyết định/);
      assert.equal(await page.locator('#career_decision_number').getAttribute('aria-invalid'), 'true');
      assert.equal(await page.locator('.field-error').count(), 1, 'only the number is wrong');
      const still = await facts(page.locator('dl.facts').first());
      assert.equal(still['Chức vụ, chức danh'], person.position_title, 'a refused appointment changes nothing');
      assert.equal(still['Vị trí lãnh đạo'], 'Cán bộ, nhân viên');
      assert.deepEqual(await careerRows(page), careerBefore, 'nothing was added to the file');
      await page.screenshot({ path: screenshotPath('hr-03-appointment-refused'), fullPage: true });

      // With it: recorded and carried out.
      await fill(decision);
      const done = await submit(page, page.getByTestId('career-save'));
      assert.equal(done.post.status(), 303);
      assert.equal(new URL(page.url()).pathname, `/staff/${person.id}`);
      assert.equal(new URL(page.url()).search, '?ok=hr.ok.recorded');
      assert.equal(await page.locator('p.flash').innerText(), 'Đã lưu quá trình vào hồ sơ.');

      const now = await facts(page.locator('dl.facts').first());
      assert.equal(now['Chức vụ, chức danh'], newTitle, 'the new position');
      assert.equal(now['Vị trí lãnh đạo'], 'Cấp phó', 'the new rank');
      // A deputy is evaluated by the head with no deputy's review first (Đ.10.2, Đ.10.3).
      assert.equal(now['Lãnh đạo phụ trách nhận xét'], '(Chưa có)', `no longer reviewed by ${mine.reviewer}`);
      assert.equal(now['Lãnh đạo đánh giá'], head.full_name);
      const career = await careerRows(page);
      assert.equal(career.length, careerBefore.length + 1);
      const appointment = career.find((r) => r.decision.startsWith(`${decision},`));
      assert.ok(appointment, 'the appointment is in the file');
      assert.equal(appointment.kind, 'Bổ nhiệm');
      assert.equal(appointment.what, `${newTitle}, ${unit.name}`);
      assert.equal(appointment.decision, `${decision}, ${shown}, ${signer}`);
      assert.equal(appointment.when, shown);
      // The leader role follows the rank.
      const roles = await page.locator('#roles li').allInnerTexts();
      const reviewerRole = `Lãnh đạo phụ trách nhận xét trên đơn vị ${unit.name}`;
      assert.ok(!rolesBefore.some((r) => r.includes(reviewerRole)));
      assert.ok(roles.some((r) => r.includes(reviewerRole)), `the new deputy reviews in ${unit.name}: ${roles.join(' | ')}`);
      // The placements: the old one closed today, the new one open from today.
      const placements = await page.locator('#placements tbody tr').allInnerTexts();
      assert.ok(placements.some((r) => r.startsWith(`${shown} – nay`) && r.includes(newTitle)), placements.join(' | '));
      assert.ok(placements.some((r) => r.includes(`– ${shown}`) && r.includes(person.position_title)), placements.join(' | '));
      // The file no longer lacks a deputy's appointment (it may lack something else: the demo
      // leaves a few files incomplete on purpose).
      const missing = await page.getByTestId('career-missing').allInnerTexts();
      assert.ok(!missing.some((t) => t.includes('Bổ nhiệm')), `the appointment is in the file: ${missing.join(' | ')}`);
      await page.screenshot({ path: screenshotPath('hr-04-appointed'), fullPage: true });

      // The unit page: the appointee's row changed; the rest of the unit did not.
      const afterwards = await staffTable(page, unit.id);
      const row = afterwards.get(person.id);
      assert.equal(row.position, newTitle);
      assert.equal(row.reviewer, '—', 'the new deputy has no reviewer');
      assert.equal(row.evaluator, head.full_name, 'the head evaluates the new deputy');
      assert.equal(afterwards.size, before.size);
      for (const [id, r] of before) {
        if (id !== person.id) assert.deepEqual(afterwards.get(id), r, `${r.name} is reviewed and evaluated as before`);
      }
    });

    // The JSON API agrees.
    const list = (await apiGet(server.baseUrl, token, `/api/v1/units/${unit.id}/staff`)).staff;
    const now = list.find((s) => s.person.id === person.id);
    assert.equal(now.person.rank, 'deputy');
    assert.equal(now.person.position_title, newTitle);
    assert.equal(now.reviewer, null);
    assert.equal(now.evaluator, head.full_name);
  });

  test('the June report and the completeness list export as Excel and PDF', async () => {
    // The June report of this year once 14 June has passed, else last year's.
    const vn = new Date(Date.now() + 7 * 3600_000);
    const june = vn.getUTCMonth() > 5 || (vn.getUTCMonth() === 5 && vn.getUTCDate() > 14);
    const year = vn.getUTCFullYear() - (june ? 0 : 1);
    await asAdmin('reports', async (page) => {
      await page.goto(`/units/${district.id}/staffing`);
      const total = Number(/Số hồ sơ: (\d+)/.exec(await page.locator('p', { has: page.getByTestId('incomplete-count') }).innerText())?.[1]);
      const incomplete = Number(await page.getByTestId('incomplete-count').innerText());
      const form = page.getByTestId('report-form');
      await form.locator('input[name="year"]').fill(String(year));
      await form.locator('select[name="report"]').selectOption('june');

      const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-xlsx').click()]);
      assert.match(xlsx.suggestedFilename(), new RegExp(`^bao-cao-ho-so-${year}-june-[A-Za-z0-9-]+\\.xlsx$`));
      const xlsxBytes = readFileSync(await xlsx.path());
      assert.equal(xlsxBytes.subarray(0, 2).toString('latin1'), 'PK', 'an .xlsx is a zip');
      const rows = sheetRows(xlsxBytes);
      assert.match(rows[0][0], /BÁO CÁO CÔNG TÁC QUẢN LÝ HỒ SƠ ĐIỆN TỬ CÁN BỘ, CÔNG CHỨC, VIÊN CHỨC/);
      assert.ok(rows.some((r) => r[0].includes(`15/12/${year - 1} đến 14/06/${year}`)), 'the half-year of Nghị định 09/2019');
      const header = rows.find((r) => r[0] === 'Đơn vị');
      assert.ok(header, 'a header row');
      const col = (name) => {
        const i = header.indexOf(name);
        assert.ok(i > 0, `a column ${name} in ${header.join(' | ')}`);
        return i;
      };
      const [present, cb, cc, vc, hd, gaps] =
        ['Có mặt', 'Cán bộ', 'Công chức', 'Viên chức', 'Hợp đồng', 'Hồ sơ chưa đầy đủ'].map(col);
      const totalRow = rows.find((r) => r[0] === 'Tổng cộng');
      assert.ok(totalRow, 'a "Tổng cộng" row');
      const headCount = Number(totalRow[present]);
      assert.ok(headCount > 0, `people on 14/06/${year}`);
      assert.equal(headCount, [cb, cc, vc, hd].reduce((n, i) => n + Number(totalRow[i]), 0), 'the head count by category adds up');
      const unitRows = rows.slice(rows.indexOf(header) + 1, rows.indexOf(totalRow)).filter((r) => r[0]);
      assert.ok(unitRows.length > 5, 'a row per unit');
      assert.equal(unitRows.reduce((n, r) => n + Number(r[present]), 0), headCount, 'the units add up to the total');
      assert.ok(Number(totalRow[gaps]) <= incomplete, 'no more incomplete files on 14 June than today');
      if (server.backend === 'sqlite') {
        // A fresh demo (on PostgreSQL the browser tests share one database, and earlier ones
        // add people after 14 June): the same files then as now.
        assert.equal(Number(totalRow[gaps]), incomplete, 'the incomplete files, as on the page');
        // A fresh demo: its placements are dated so that everyone was there on 14 June.
        assert.equal(headCount, total, 'everyone of the demo counted on 14 June');
      }

      const [pdf] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-pdf').click()]);
      assert.match(pdf.suggestedFilename(), new RegExp(`^bao-cao-ho-so-${year}-june-[A-Za-z0-9-]+\\.pdf$`));
      const pdfPath = await pdf.path();
      assert.equal(readFileSync(pdfPath).subarray(0, 5).toString('latin1'), '%PDF-');
      const text = execFileSync('pdftotext', ['-layout', pdfPath, '-'], { encoding: 'utf8' });
      assert.match(text, /CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM/);
      assert.match(text, /BÁO CÁO CÔNG TÁC QUẢN LÝ HỒ SƠ ĐIỆN TỬ/);
      assert.match(text, new RegExp(`6 tháng đầu năm ${year}`));
      // The total line: its quota (when the demo set one), then the same head count.
      const totalLine = text.split('\n').find((l) => l.trim().startsWith('Tổng cộng')) ?? '';
      const numbers = totalLine.trim().split(/\s+/).slice(2);
      assert.ok(numbers.slice(0, 2).includes(String(headCount)), `the PDF has the same total: ${totalLine}`);
      assert.match(text, new RegExp(`Tổng số ${headCount} người; ${Number(totalRow[gaps])} hồ sơ chưa đầy đủ`));

      const [list] = await Promise.all([page.waitForEvent('download'), page.getByTestId('completeness-xlsx').click()]);
      assert.match(list.suggestedFilename(), /^ho-so-chua-day-du-[A-Za-z0-9-]+\.xlsx$/);
      const listBytes = readFileSync(await list.path());
      assert.equal(listBytes.subarray(0, 2).toString('latin1'), 'PK');
      const listRows = sheetRows(listBytes);
      assert.ok(listRows.some((r) => r[0].includes(`${total} hồ sơ, ${incomplete} hồ sơ chưa đầy đủ`)), 'the counts, as on the page');
      const people = listRows.filter((r) => /^\d+$/.test(r[0]));
      assert.equal(people.length, incomplete, 'the Excel list names every incomplete file');
      for (const r of people) assert.ok(r[1] && r[2] && r[4], `a name, a unit and what is missing: ${r.join(' | ')}`);
      assert.deepEqual(page.problems, []);
    });
  });
});
