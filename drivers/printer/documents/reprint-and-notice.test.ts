/** The 一次性告知单, the reprint (补打) marks, and provisional deadlines, decoded back from their ESC/POS bytes. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import iconv from 'iconv-lite';
import { printerProfiles } from '../profiles.ts';
import { sampleTicket } from '../test-support.ts';
import { decodeEscPos } from '../virtual/escpos-decoder.ts';
import { type AcceptanceReceiptDocument, buildAcceptanceReceiptJob } from './acceptance-receipt.ts';
import { buildCorrectionNoticeJob, type CorrectionNoticeDocument } from './correction-notice.ts';
import { buildTicketJob } from './ticket.ts';

const notice: CorrectionNoticeDocument = {
  centreName: '幸福里社区服务中心',
  applicationNumber: '20261127-0042',
  serviceItem: '最低生活保障申请',
  applicantMasked: '李*红',
  idNumberMasked: '110101********003X',
  missingMaterials: [
    '户口簿（户主页及本人页）',
    '家庭成员收入证明及财产状况申报表（含银行存款、车辆、房产）',
    '银行卡',
  ],
  materialsReceived: ['居民身份证'],
  materialsArrivedOn: new Date('2026-11-25T09:00:00Z'),
  noticeOn: new Date('2026-11-27T09:00:00Z'),
  promisedWorkingDays: 20,
  clerk: '工号0123',
  counter: '2号窗口',
  progressQrPayload: 'SQ1.case.notice',
};

const receipt: AcceptanceReceiptDocument = {
  centreName: '幸福里社区服务中心',
  applicationNumber: '20261201-0007',
  serviceItem: '最低生活保障申请',
  applicantMasked: '李*红',
  materialsReceived: [{ name: '居民身份证' }],
  acceptedAt: new Date('2026-12-01T07:40:00Z'),
  promisedDeadline: new Date('2027-01-29T09:00:00Z'),
  promisedWorkingDays: 20,
  legalDeadline: new Date('2027-02-26T09:00:00Z'),
  deadlineWorkingDays: 30,
  provisionalHolidays: ['2027年元旦', '2027年春节'],
  clerk: '工号0123',
  progressQrPayload: 'SQ1.case.receipt',
};

test('the 一次性告知单 names every missing material at once, the law, both days, and carries the QR', async () => {
  const job = decodeEscPos(await buildCorrectionNoticeJob(notice));
  assert.match(job.text, /补正材料\n一次性告知单/);
  assert.match(job.text.replace(/\n/g, ''), /《中华人民共和国行政许可法》第三十二条/);
  assert.match(job.text, /编 {4}号：20261127-0042/);
  assert.match(job.text, /材料收到：2026年11月25日/);
  assert.match(job.text, /告知日期：2026年11月27日/);
  const missing = job.text.slice(job.text.indexOf('需补正材料'), job.text.indexOf('已收材料'));
  for (const [i, m] of notice.missingMaterials.entries()) {
    assert.ok(missing.replace(/\s+/g, '').includes(`${i + 1}.${m}`), `lists ${m}`);
  }
  assert.match(job.text.slice(job.text.indexOf('已收材料')), /1\. 居民身份证/);
  assert.match(job.text, /补正期间办理时限暂停计算/);
  assert.deepEqual(job.qrCodes, [notice.progressQrPayload]);
  assert.equal(job.cuts, 1);
  assert.doesNotMatch(job.text, /补打/);
  await assert.rejects(buildCorrectionNoticeJob({ ...notice, missingMaterials: [] }), RangeError);
});

test('a reprinted receipt, notice and ticket each say 补打 with the time, on every paper width', async () => {
  const at = new Date('2026-12-02T02:05:00Z');
  for (const profile of Object.values(printerProfiles)) {
    for (const bytes of [
      await buildAcceptanceReceiptJob({ ...receipt, reprintedAt: at }, profile),
      await buildCorrectionNoticeJob({ ...notice, reprintedAt: at }, profile),
      await buildTicketJob({ ...sampleTicket, reprintedAt: at }, profile),
    ]) {
      const job = decodeEscPos(bytes);
      assert.match(job.text, /【补打】2026-12-02 10:05/, profile.id);
      for (const line of job.lines) {
        let columns = 0;
        for (const ch of line.text) columns += iconv.encode(ch, 'gb18030').length >= 2 ? 2 : 1;
        assert.ok(
          (line.doubleWidth ? columns * 2 : columns) <= profile.columns,
          `'${line.text}' fits ${profile.id}`,
        );
      }
    }
  }
});

test('a provisional receipt prints both deadlines and says which 调休 notices are awaited', async () => {
  const job = decodeEscPos(await buildAcceptanceReceiptJob(receipt));
  assert.match(job.text, /承诺办结：2027年01月29日前（20个工作日）/);
  assert.match(job.text, /法定期限：2027年02月26日前（30个工作日）/);
  assert.match(
    job.text.replace(/\n/g, ''),
    /※以上期限为暂定：2027年元旦、2027年春节调休安排尚未公布，公布后可能调整/,
  );
});
