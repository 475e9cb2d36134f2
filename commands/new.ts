import { defineCommand, type OptionDef, type TextDef } from './define.ts';

const options = [
  {
    name: 'unit',
    type: 'unit',
    description: { 'zh-CN': '受理单位代码（默认本人单位）', en: 'Unit code where the customer is served (default: yours)' },
  },
  {
    name: 'category',
    type: 'category',
    description: { 'zh-CN': '类别 1-15 或代号（默认 general）', en: 'Category 1-15 or slug (default general)' },
  },
  { name: 'channel', type: 'intake', description: { 'zh-CN': '受理渠道（默认 walk_in 来访）', en: 'Intake channel (default walk_in)' } },
  { name: 'customer', type: 'name', description: { 'zh-CN': '客户姓名', en: 'Customer name' } },
  { name: 'phone', type: 'phone', description: { 'zh-CN': '客户手机号', en: 'Customer phone' } },
  { name: 'vip', type: 'yesno', description: { 'zh-CN': '是否VIP客户（yes/no）', en: 'VIP customer (yes/no)' } },
] as const satisfies readonly OptionDef[];
const text = {
  mode: 'required',
  name: 'TEXT',
  description: { 'zh-CN': '事由，可用「 / 」接客户要求', en: 'The matter; the customer request may follow after " / "' },
  max: 2000,
} as const satisfies TextDef;

export const newCommand = defineCommand({
  name: 'new',
  summary: { 'zh-CN': '受理新投诉，您成为首问负责人', en: 'Open a case; you become its first-responsible owner' },
  usage: '/complaint new [unit=CODE] [category=N|slug] [channel=slug] [customer=NAME] [phone=DIGITS] [vip=yes|no] TEXT [/ REQUEST]',
  example: {
    'zh-CN': '/complaint new unit=OUT-12 category=urgent_cash customer=王芳 phone=13800001111 取不出钱 / 当天取现5000元',
    en: '/complaint new unit=OUT-12 category=urgent_cash customer="Wang Fang" phone=13800001111 cannot withdraw cash / needs 5000 today',
  },
  options,
  text,
});
