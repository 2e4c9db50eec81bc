import type { enConnectFail } from './enConnectFail';

// 连接失败的原因（简体中文）：先说发生了什么，再说该怎么做。技术细节只在提示的“详细信息”中显示。
export const zhConnectFail: Record<keyof typeof enConnectFail, string> = {
  'channel-refused': 'SSH 可以登录，但该服务器上的代理（switch-agent）没有运行或尚未安装。请安装（右键单击该服务器并选择“安装代理…”）或启动它。如果代理已在运行，可能是服务器上的 SSH 不允许转发到它：请查看技术详情。',
  'connection-refused': '服务器拒绝了 SSH 连接：SSH 未运行或使用了其他端口。请检查服务器设置中的 SSH 端口，并确认服务器上的 SSH 正在运行。',
  timeout: '服务器没有及时响应。请确认服务器已开机且本机可以访问它，然后重试。',
  dns: '找不到该服务器名称。请检查主机名，或改用 IP 地址。',
  network: '无法通过网络访问该服务器。请检查其地址以及本机的网络连接。',
  'auth-failed': '服务器不接受此次登录。请检查服务器设置中的 SSH 用户以及密钥或密码。',
  'auth-cancelled': '登录已取消，因此没有连接到服务器。',
  'credentials-needed': '服务器需要一个未保存的密码或口令。请连接该服务器并输入。',
  'key-unreadable': '无法读取私钥文件。请检查服务器设置中的文件路径及其口令。',
  'host-key-changed': '服务器的主机密钥与之前保存的不同。没有发送任何内容。请先与服务器管理员核对新密钥，再决定是否信任。',
  'host-key-revoked': '服务器出示的主机密钥已被标记为吊销。没有发送任何内容。请联系服务器管理员。',
  'host-key-rejected': '服务器的主机密钥未被接受，因此没有发送任何内容。请重新连接以核对密钥。',
  'host-key-unverifiable': '无法核对服务器的主机密钥。请重新连接并确认密钥。',
  'host-key-unknown': '服务器的主机密钥尚未被信任。请先连接一次该服务器并接受其密钥。',
  protocol: '与服务器的 SSH 通信失败。请重试；如果一直失败，请检查服务器上的 SSH。',
  closed: '服务器关闭了连接。请重试。',
  'not-connected': '服务器未连接。请先连接，然后重试。',
  'not-answering': '服务器上的代理没有及时响应。请重试；如果经常发生，请检查服务器的负载。',
  other: '连接时出现问题。请重试；“技术详情”中有具体原因。',
};
