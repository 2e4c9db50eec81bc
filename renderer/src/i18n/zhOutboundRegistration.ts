// Simplified Chinese strings of a routing gateway's registration to its carrier (same keys as enOutboundRegistration.ts).
import type { enOutboundRegistration } from './enOutboundRegistration';
import type { Strings } from './zhCN';

export const zhOutboundRegistration: Strings<typeof enOutboundRegistration> = {
  registered: '已注册',
  registering: '正在注册',
  failed: '失败',
  waiting: '等待中',
  unregistered: '已注销',
  unknown: '正在检查',
  registeredTitle: '已在 {{registrar}} 注册，有效期至 {{until}}（请求 {{asked}} 秒）。',
  registeringTitle: '发往 {{registrar}} 的 REGISTER 正在等待回应。',
  failedTitle: '发往 {{registrar}} 的上一次 REGISTER 于 {{failedAt}} 被拒绝或没有回应。下次尝试时间 {{next}}（{{delay}} 秒后）。',
  waitingTitle: '发往 {{registrar}} 的 REGISTER 即将发出。',
  unregisteredTitle: '在 {{registrar}} 的注册已取消（Expires: 0）。',
  unknownTitle: '交换机目前没有回应此注册的状态。',
};
