/** Chinese first, English beside it: the words a printed dossier uses for the codes stored on a case. */
type Bi = readonly [zh: string, en: string];

export const ACTION_LABELS: Record<string, Bi> = {
  draft: ['起草', 'drafted'],
  edit: ['修改', 'edited'],
  confirm: ['吹哨', 'whistled'],
  cancel: ['撤销', 'cancelled'],
  summon: ['召集', 'summoned'],
  add_dept: ['增派部门', 'department added'],
  set_task: ['分派任务', 'task set'],
  arrive: ['报到', 'reported in'],
  progress: ['进展', 'progress'],
  done: ['办结', 'done'],
  resolved: ['全部办结', 'all done'],
  accept: ['验收通过', 'accepted'],
  reject: ['退回', 'sent back'],
  release: ['放行', 'released'],
  nudge: ['催办', 'nudged'],
  remind: ['提醒', 'reminded'],
  escalate: ['升级', 'escalated'],
  transfer_request: ['申请移交', 'transfer requested'],
  approve_transfer: ['同意移交', 'transfer approved'],
  deny_transfer: ['不同意移交', 'transfer denied'],
  extension_request: ['申请延期', 'extension requested'],
  approve_extension: ['同意延期', 'extension approved'],
  deny_extension: ['不同意延期', 'extension denied'],
  leave_request: ['申请离场', 'leave requested'],
  approve_leave: ['同意离场', 'leave approved'],
  deny_leave: ['不同意离场', 'leave denied'],
  leave: ['离场', 'left'],
  leave_refused: ['离场被拒', 'leave refused'],
  handover: ['交接', 'handover'],
  presence_check: ['在岗核验', 'presence check'],
  presence_ok: ['在岗确认', 'presence confirmed'],
  presence_missed: ['在岗未确认', 'presence missed'],
  evidence: ['现场证据', 'evidence'],
  rate: ['评价', 'rated'],
  delivery_failed: ['送达失败', 'delivery failed'],
  chat_lost: ['群不可达', 'chat lost'],
  sign: ['签收', 'acknowledged'],
  sign_late: ['超时未签收', 'not acknowledged in time'],
  contact: ['联系诉求人', 'reporter contacted'],
  contact_late: ['超时未联系诉求人', 'reporter not contacted in time'],
  shelve_request: ['申请挂账', 'shelving requested'],
  approve_shelve: ['同意挂账', 'shelving approved'],
  deny_shelve: ['不同意挂账', 'shelving denied'],
  shelve_review: ['挂账到期复核', 'shelving review due'],
  bounce_raise: ['多次退回移交自动升级', 'raised after repeated bounces'],
  street_late: ['街道环节超时', 'street step overdue'],
  stage: ['进入阶段', 'stage started'],
  stage_done: ['阶段完成', 'stage done'],
  stage_late: ['阶段超时', 'stage overdue'],
  shelve: ['挂账', 'shelved'],
  unshelve: ['恢复办理', 'taken up again'],
};

export const CASE_STATUS_LABELS: Record<string, Bi> = {
  draft: ['草稿', 'draft'],
  whistled: ['办理中', 'in progress'],
  resolved: ['待验收', 'awaiting acceptance'],
  accepted: ['已办结', 'closed'],
  reopened: ['退回重办', 'reopened'],
  cancelled: ['已撤销', 'cancelled'],
};

export const DEPT_STATUS_LABELS: Record<string, Bi> = {
  proposed: ['拟召集', 'proposed'],
  summoned: ['已召集', 'summoned'],
  arrived: ['已报到', 'arrived'],
  done: ['已办结', 'done'],
  transferred: ['已移交', 'transferred'],
  released: ['已放行', 'released'],
  left: ['已离场', 'left'],
};

export const REQUEST_KIND_LABELS: Record<string, Bi> = {
  transfer: ['移交单', 'transfer'],
  extension: ['延期申请', 'extension'],
  leave: ['离场申请', 'leave'],
};

export const REQUEST_STATUS_LABELS: Record<string, Bi> = {
  pending: ['待审批', 'pending'],
  approved: ['已同意', 'approved'],
  denied: ['不同意', 'denied'],
};

export const ROLE_LABELS: Record<string, Bi> = {
  lead: ['牵头', 'lead'],
  assist: ['协办', 'assisting'],
};

/** "中文 English" for a code, or the code itself when it has no label (a newer code than this table). */
export function label(table: Record<string, Bi>, code: string | null | undefined): string {
  if (!code) return '';
  const l = table[code];
  return l ? `${l[0]} ${l[1]}` : code;
}

export const KIND_LABELS: Record<string, Bi> = {
  assemble: ['集结', 'assemble'],
  joint: ['联合执法', 'joint enforcement'],
  supervise: ['督办', 'supervision'],
  emergency: ['应急', 'emergency'],
};
