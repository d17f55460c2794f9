/**
 * The ticket, acceptance-receipt (and its 补打 reprint) and 一次性告知单 pictures in docs/renders/:
 * sample documents (made-up, masked data) built as ESC/POS bytes for the 58 mm and 80 mm profiles,
 * sent over TCP to the virtual printer at that paper's width, and its PNG and column layout kept.
 *   node --import tsx drivers/printer/virtual/render-samples.ts [--out DIR]
 */
import { once } from 'node:events';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  type AcceptanceReceiptDocument,
  buildAcceptanceReceiptJob,
} from '../documents/acceptance-receipt.ts';
import { buildCorrectionNoticeJob, type CorrectionNoticeDocument } from '../documents/correction-notice.ts';
import { buildTicketJob } from '../documents/ticket.ts';
import { printerProfiles } from '../profiles.ts';
import type { DecodedJob, TicketDocument } from '../types.ts';
import { startVirtualPrinter } from './virtual-printer.ts';

const ticket: TicketDocument = {
  centreName: '幸福街道社区服务中心',
  serviceName: '社保卡办理',
  number: 'A023',
  peopleAhead: 4,
  estimatedWaitMin: 18,
  issuedAt: new Date('2026-12-01T07:25:00Z'),
  qrPayload: 'https://q.example.cn/q/SQ1.T.XF01.A023',
  holderMasked: '张*丰',
  counterNumbers: [1, 3],
  validDay: '2026-12-01',
};

const receipt: AcceptanceReceiptDocument = {
  centreName: '幸福街道社区服务中心',
  applicationNumber: '20261201-0007',
  serviceItem: '最低生活保障申请',
  applicantMasked: '李*红',
  idNumberMasked: '110101********002X',
  materialsReceived: [
    { name: '居民身份证', original: true, copies: 1 },
    { name: '户口簿（户主页及本人页）', copies: 2 },
    { name: '家庭收入证明', original: true },
  ],
  acceptedAt: new Date('2026-12-01T07:40:00Z'),
  promisedDeadline: new Date('2026-12-29T09:00:00Z'),
  promisedWorkingDays: 20,
  legalDeadline: new Date('2027-01-13T09:00:00Z'),
  deadlineWorkingDays: 30,
  clerk: '工号0123',
  counter: '2号窗口',
  progressQrPayload: 'https://q.example.cn/case/20261201-0007',
  contactPhone: '010-12345678',
};

const notice: CorrectionNoticeDocument = {
  centreName: '幸福街道社区服务中心',
  applicationNumber: '20261201-0008',
  serviceItem: '居住证申领',
  applicantMasked: '王*',
  idNumberMasked: '310104********1234',
  missingMaterials: ['居住证明（租房合同或房产证）', '近期一寸免冠照片'],
  materialsReceived: ['居民身份证'],
  materialsArrivedOn: new Date('2026-12-01T07:50:00Z'),
  noticeOn: new Date('2026-12-01T07:52:00Z'),
  promisedWorkingDays: 7,
  clerk: '工号0123',
  counter: '3号窗口',
  progressQrPayload: 'https://q.example.cn/case/20261201-0008',
  contactPhone: '010-12345678',
};

async function printAt(profileId: string, bytes: Buffer, dir: string): Promise<DecodedJob> {
  const printer = await startVirtualPrinter({ outDir: dir, profile: profileId });
  try {
    const arrived = once(printer, 'job') as Promise<[DecodedJob]>;
    const socket = connect(printer.port, '127.0.0.1');
    await once(socket, 'connect');
    socket.end(bytes);
    const [job] = await arrived;
    return job;
  } finally {
    await printer.close();
  }
}

export async function renderSamples(outDir: string): Promise<string[]> {
  const work = await mkdtemp(join(tmpdir(), 'shequ-renders-'));
  const written: string[] = [];
  try {
    await mkdir(outDir, { recursive: true });
    for (const [paper, profileId] of [
      ['58mm', 'generic-58mm-zh'],
      ['80mm', 'generic-80mm-zh'],
    ] as const) {
      const profile = printerProfiles[profileId];
      for (const [name, bytes] of [
        ['ticket', await buildTicketJob(ticket, profile)],
        ['receipt', await buildAcceptanceReceiptJob(receipt, profile)],
        [
          'receipt-reprint',
          await buildAcceptanceReceiptJob(
            { ...receipt, reprintedAt: new Date('2026-12-02T01:15:00Z') },
            profile,
          ),
        ],
        ['notice', await buildCorrectionNoticeJob(notice, profile)],
      ] as const) {
        const job = await printAt(profileId, bytes, join(work, `${name}-${paper}`));
        const base = join(outDir, `${name}-${paper}`);
        await copyFile(job.pngPath ?? '', `${base}.png`);
        await writeFile(`${base}.layout.txt`, job.layout ?? '');
        written.push(`${base}.png`, `${base}.layout.txt`);
      }
    }
    return written;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const here = dirname(fileURLToPath(import.meta.url));
  const { values } = parseArgs({ options: { out: { type: 'string' } } });
  renderSamples(resolve(values.out ?? join(here, '..', '..', '..', 'docs', 'renders'))).then(
    (files) => process.stdout.write(`${files.join('\n')}\n`),
    (err: unknown) => {
      process.stderr.write(`renders failed: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
