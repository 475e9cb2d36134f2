/** Chat words for the plan's paperwork (§14): the form command's answers. Spread into the message table. */
export const PAPERWORK_MESSAGES = {
  ack_form: { 'zh-CN': '案件 {id} 的处理单已生成：{path}', en: 'Handling form for {id}: {path}' },
  form_title: { 'zh-CN': '客户投诉处理单 {id}（客户信息已脱敏）', en: 'Handling form {id} (customer data masked)' },
  err_forms_unavailable: {
    'zh-CN': '此处暂不能生成处理单，请在控制台或用 complaint-desk export --forms 导出。',
    en: 'Forms cannot be made here: use the console, or complaint-desk export --forms.',
  },
  err_form_not_written: {
    'zh-CN':
      '案件 {id} 的处理单未能写入 {dir}（{why}）。请运维人员为该文件夹开放写权限后重试；存档可用 complaint-desk export --forms --out 其他文件夹。',
    en: 'The handling form for {id} could not be written to {dir} ({why}). Ask the operator to make that folder writable, then try again; for the archive use complaint-desk export --forms --out ANOTHER_FOLDER.',
  },
} as const;
