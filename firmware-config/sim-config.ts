import { parseConfig } from '../contract/config/parse.ts';
import { type ApplianceConfig, CONFIG_SCHEMA_VERSION } from '../contract/config/schema.ts';

/** The demonstration centre used by `shequ start --sim` and by the tests. */
export function simulationConfig(overrides: Partial<ApplianceConfig> = {}): ApplianceConfig {
  return parseConfig({
    schemaVersion: CONFIG_SCHEMA_VERSION,
    kioskId: 'K-SIM-0001',
    centre: { name: '幸福街道社区服务中心', nameEn: 'Xingfu Street Community Service Centre' },
    services: [
      {
        id: 'social-security',
        prefix: 'A',
        name: '社保卡办理',
        nameEn: 'Social security card',
        caseItems: [
          {
            id: 'ssc-new',
            name: '社保卡首次申领',
            legalLimitDays: 20,
            promisedLimitDays: 10,
            materials: ['居民身份证', '近期一寸免冠照片'],
          },
        ],
      },
      {
        id: 'assistance',
        prefix: 'B',
        name: '低保救助',
        nameEn: 'Social assistance',
        requiresCard: true,
        caseItems: [
          {
            id: 'dibao-apply',
            name: '最低生活保障申请',
            legalLimitDays: 30,
            promisedLimitDays: 20,
            materials: ['居民身份证', '户口簿', '家庭收入证明', '银行卡'],
            steps: [
              { id: 'street-review', name: '街道初审', limitDays: 10 },
              { id: 'district-approval', name: '区级审批', limitDays: 10 },
            ],
          },
        ],
      },
      {
        id: 'elderly-care',
        prefix: 'C',
        name: '养老服务',
        nameEn: 'Elderly care',
        caseItems: [
          {
            id: 'elderly-allowance',
            name: '高龄津贴申领',
            legalLimitDays: 15,
            promisedLimitDays: 5,
            materials: ['居民身份证', '户口簿', '银行卡'],
          },
        ],
      },
      {
        id: 'residence',
        prefix: 'D',
        name: '居住证办理',
        nameEn: 'Residence permit',
        requiresCard: true,
        caseItems: [
          {
            id: 'residence-permit',
            name: '居住证申领',
            legalLimitDays: 15,
            promisedLimitDays: 7,
            materials: ['居民身份证', '居住证明（租房合同或房产证）', '近期一寸免冠照片'],
          },
        ],
      },
      { id: 'consult', prefix: 'E', name: '综合咨询', nameEn: 'General enquiries', typicalHandlingMin: 4 },
    ],
    counters: [
      { id: 'w1', number: 1, name: '1号窗口', serviceIds: ['social-security', 'consult'] },
      { id: 'w2', number: 2, name: '2号窗口', serviceIds: ['assistance', 'elderly-care'] },
      { id: 'w3', number: 3, name: '3号窗口', serviceIds: ['social-security', 'residence', 'consult'] },
    ],
    queue: {},
    supervision: {},
    retention: {},
    hardware: { reader: null, scanner: null, printer: null, camera: null },
    broker: null,
    http: { host: '127.0.0.1', port: 8080 },
    ...overrides,
  });
}
