import type { enProblems } from './enProblems';

// 配置检查发现的问题（按原因代码说明）以及失败调用的通俗说明：说清哪里不对、允许什么、该怎么做。
type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };

export const zhProblems: Shape<typeof enProblems> = {
  field: {
    param: {
      unknown: '此版本的交换机不认识参数 {{name}}；请删除它',
      notSecret: '只有密码类参数可以隐藏保存；请输入它的值',
      atDefault: '与默认值相同，保存它不起任何作用；可以将其恢复为默认值',
    },
    name: { taken: '已有另一个{{what}}名为 {{name}}；每个名称只能使用一次' },
    item: { missing: '没有名为 {{name}} 的{{what}}；它可能已被删除' },
    firewall: { onePolicy: '只允许一条防火墙策略，{{other}} 已经是策略；请修改那一条' },
    prefix: {
      twice: '前缀 {{value}} 重复列出；每个前缀只列一次',
      denyNone: '拒绝规则没有前缀，因此不拒绝任何号码；请添加前缀或允许所有号码',
    },
    code: { twice: '代码 {{value}} 重复列出；每个代码只列一次' },
    routing: { twice: '路由网关 {{value}} 重复列出；每个网关只列一次' },
    auth: { portIgnored: '将被忽略：IP 认证接受任何源端口；请清空它或改用 IP + 端口认证' },
    source: {
      self: '{{where}} 在此网关中重复列出；每个源地址只列一次',
      other: '{{where}} 已被对接网关 {{other}} 使用；一个源地址只能属于一个网关',
      ipPort: '{{ip}} 端口 {{port}}',
    },
    listener: {
      tooMany: '最多允许 {{max}} 个监听地址；当前有 {{count}} 个',
      portTaken: '{{address}} 端口 {{port}} 已被监听地址 {{other}} 使用；请换一个端口',
      anyTaken: '监听地址 {{other}} 已在所有网卡（0.0.0.0）上占用端口 {{port}}；请换一个端口',
    },
    secret: { noneStored: '没有可保留的已存密码；请输入一个值' },
    collection: {
      routingGateways: '路由网关',
      mappingGateways: '对接网关',
      endpoints: '终端设备',
      alertRules: '告警规则',
      firewallRules: '防火墙规则',
      sipListeners: '监听地址',
      item: '项目',
    },
    refused: '服务器拒绝了此值；其原文见“技术详情”。请修改该字段后重试。',
    warned: '服务器对此值给出警告；其原文见“技术详情”。',
  },
  trace: {
    gone: '服务器上已没有此跟踪（连接已关闭或代理已重启）。这里显示的消息会一直保留，直到您关闭它。',
    ended: '此跟踪已提前结束：{{error}}这里显示的消息会一直保留，直到您关闭它。',
  },
  feedEnded: '服务器已停止发送此视图的实时更新。请重新连接服务器或重新打开页面以恢复。',
  hostRestarted: 'Switchdeck 的后台进程停止后已重新启动，因此此实时视图已结束，服务器连接也已断开。请重新连接服务器，然后重新开始此视图。',
  fail: {
    VALIDATION_FAILED: '服务器拒绝了此更改，因为有些值不被允许。请修改后重试。',
    CONFLICT: '服务器上的配置在此期间已被更改。请重新加载后重试。',
    NOT_FOUND: '服务器上没有所请求的内容（可能已被删除）。请重新加载后重试。',
    NO_PENDING_CONFIRMATION: '服务器上已没有等待确认的更改（可能已自动回滚）。请重新加载查看其状态。',
    ENGINE_FAILED: '服务器上的交换引擎无法执行此更改。没有做任何更改；请查看详情后重试。',
    BUSY: '服务器正在处理另一项更改（例如一项等待确认的更改）。请先确认或回滚它，然后重试。',
    CANCELLED: '请求已取消。',
    TIMEOUT: '服务器没有及时响应。请重试。',
    TOO_MANY_REQUESTS: '服务器收到的请求过多。请稍候再试。',
    STORAGE_FAILED: '服务器无法读写其存储的数据。请检查其磁盘，然后重试。',
    PERMISSION_DENIED: '服务器不允许您的登录执行此操作。',
    METHOD_NOT_FOUND: '服务器上的代理版本过旧，不支持此功能。请更新代理（右键单击服务器，选择“安装代理…”）。',
    UNSUPPORTED_PROTOCOL: '服务器上的代理版本与本程序不匹配。请安装匹配的代理。',
    INVALID_PARAMS: '服务器认为请求格式有误。这是本程序的问题；详情中有说明。',
    other: '出现问题。请重试；“技术详情”中有具体原因。',
  },
  failRead: {
    VALIDATION_FAILED: '服务器拒绝了此请求，因为其中有些值不被允许。请修改后重试。',
    ENGINE_FAILED: '服务器上的交换引擎暂时无法回答此查询。请稍后重试；“技术详情”中有具体原因。',
  },
};
