// Vocabulary of generated orgs: division and team names (zh-CN + en), job titles, cities.
// Kept as "中文|English" text so the tables stay compact and easy to extend.
const table = (text: string): (readonly [string, string])[] =>
  text.split(';').map((entry) => {
    const [zh = '', en = ''] = entry.split('|');
    return [zh.trim(), en.trim()] as const;
  });

/** Top-level divisions (first level under the root). */
export const DIVISIONS = table(
  '研发中心|R&D Center;产品部|Product;销售部|Sales;市场部|Marketing;财务部|Finance;' +
    '人力资源部|Human Resources;法务部|Legal;运营部|Operations;客户成功部|Customer Success;' +
    '行政部|Administration;信息安全部|Information Security;数据中心|Data Center;IT 部|IT;' +
    '采购部|Procurement;质量保障部|Quality Assurance;战略部|Strategy;公共关系部|Public Relations;' +
    '供应链部|Supply Chain;海外业务部|International Business;内审部|Internal Audit',
);

/** Teams and regions used below the first level. */
export const TEAMS = table(
  '平台组|Platform;前端组|Frontend;后端组|Backend;移动端组|Mobile;测试组|QA;运维组|SRE;' +
    '基础架构组|Infrastructure;数据组|Data;算法组|Algorithms;安全组|Security;华北区|North China;' +
    '华东区|East China;华南区|South China;西南区|Southwest;华中区|Central China;' +
    '大客户组|Key Accounts;渠道组|Channels;品牌组|Brand;增长组|Growth;内容组|Content;' +
    '招聘组|Recruiting;薪酬组|Compensation;培训组|Learning;员工关系组|Employee Relations;' +
    '会计组|Accounting;税务组|Tax;资金组|Treasury;合规组|Compliance;用户研究组|User Research;' +
    '交互设计组|Interaction Design;视觉设计组|Visual Design;技术支持组|Technical Support;' +
    '实施组|Implementation;项目管理组|Project Management;客服组|Customer Service;' +
    '商务组|Business Development;解决方案组|Solutions;架构组|Architecture;中间件组|Middleware;' +
    '存储组|Storage;网络组|Networking;终端组|Endpoint;办公 IT 组|Workplace IT;采购执行组|Sourcing',
);

export const JOB_TITLES = (
  '软件工程师;高级软件工程师;资深工程师;技术专家;产品经理;高级产品经理;设计师;测试工程师;' +
  '运维工程师;数据分析师;销售经理;客户经理;市场专员;财务专员;会计;HRBP;招聘专员;法务专员;' +
  '行政专员;项目经理;架构师;安全工程师;运营专员;客服专员;解决方案架构师;实施顾问'
).split(';');

export const LEADER_TITLE = '部门负责人';
export const INTERN_TITLE = '实习生';
export const ROOT_TITLES = ['首席执行官', '首席技术官', '首席财务官', '首席运营官', '董事长助理'];

export const CITIES = '北京;上海;深圳;杭州;广州;成都;武汉;南京;西安;苏州;厦门;重庆;天津;长沙'.split(
  ';',
);

/** Cost centers, used as the generated custom attribute. */
export const COST_CENTERS = ['CC-1001', 'CC-1002', 'CC-2001', 'CC-2002', 'CC-3001', 'CC-9000'];
