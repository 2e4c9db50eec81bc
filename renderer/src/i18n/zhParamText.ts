// 参数目录（shared/catalog/params）的中文说明，与 enParamText.ts 同键（参数名；枚举选项按取值）。
// SIP 响应码、头域名和参数名保持原样。tables.test.ts 检查键与英文一致，zhParamText.test.ts 检查每项都是中文。
export const zhParamText: Record<string, { description: string; option?: Record<string, string> }> = {
  SS_AUTHENTICATION_FAILED_SUSPEND: {
    description: '终端用完 SS_AUTHENTICATION_MAX_RETRY 次密码尝试后被封禁的时长。',
  },
  SS_AUTHENTICATION_MAX_RETRY: {
    description: '终端在被封禁前总共允许输错密码的次数。与 SS_SIP_AUTHENTICATION_RETRY 不同，这里跨请求累计。',
  },
  SS_ENDPOINTREGISTERRETRY: {
    description: '终端连续注册失败多少次后被封禁。注册成功的次数不计入。',
  },
  SS_ENDPOINTREGISTERSUSPEND: {
    description: '开启时，连续注册失败达到 SS_ENDPOINTREGISTERRETRY 次的终端会被封禁，其 REGISTER 不经处理直接丢弃。',
  },
  SS_ENDPOINTREGISTERSUSPENDTIME: {
    description: '被封禁的终端要等多久才能再次尝试注册。',
  },
  SS_ENDPOINT_EXPIRE: {
    description: '交换机给注册到本机、且不在 NAT 后面的设备的注册有效期。设备必须在到期前重新注册。',
  },
  SS_ENDPOINT_NAT_EXPIRE: {
    description: '交换机给 NAT 后面的设备的注册有效期。它比普通有效期短，以便经常刷新 NAT 映射。',
  },
  SS_GATEWAY_SWITCH_LIMIT: {
    description: '一次呼叫中交换机最多尝试多少个路由网关，超过后放弃。“无”表示不限制。',
  },
  SS_GATEWAY_SWITCH_STOP_AFTER_RTP_START: {
    description: '开启时，当前网关上一旦开始有媒体（RTP）流动，交换机就不再尝试其他网关。',
  },
  SS_GATEWAY_SWITCH_STOP_AFTER_USER_BUSY: {
    description: '开启时，收到 486 Busy 应答即结束这次呼叫尝试，不再尝试下一个网关，因为被叫确实忙。',
  },
  SS_GATEWAY_SWITCH_UNTIL_CONNECT: {
    description: '开启时，任何失败后交换机都会继续尝试后面的网关，直到有网关以 200 OK 应答。',
  },
  SS_MAX_CALL_DURATION: {
    description: '每个通话时长的硬性上限，无论是否使用会话定时器。“无”表示没有全系统的上限；有多个上限时，以最短的为准。',
  },
  SS_MEDIA_PROXY_BEHIND_NAT: {
    description: '开启时，交换机为 NAT 后面的终端中转 RTP 媒体，使双向都能听到声音。',
  },
  SS_REPLY_UNAUTHORIZED: {
    description: '开启时，来自未知来源的请求会收到 401/403 应答。关闭时直接丢弃、不作任何应答，SIP 扫描器就发现不了这台服务器。',
  },
  SS_RTPENCRYPTIONKEY: {
    description: 'RTP 载荷加密用的共享密钥。交换机与对端必须完全相同；AES128 需要正好 16 个字符。',
  },
  SS_RTPENCRYPTIONMODE: {
    description: '交换机对发往另一套 VOS3000 兼容系统的 RTP 载荷进行加扰所用的算法。这是私有方案，不是 SRTP；两端的模式和密钥必须相同。',
    option: {
      '0': 'RTP 载荷以明文发送。',
      '1': '载荷与密钥做 XOR：只是简单混淆，并不真正安全。',
      '2': 'RC4 流加密：保护程度中等，CPU 开销低。',
      '3': 'AES-128 分组加密：最强的选项，CPU 开销最高；密钥必须是 16 字节。',
    },
  },
  SS_SIP_AUTHENTICATION_CODE: {
    description: '交换机向设备索要密码时使用哪种 SIP 应答。只有设备需要另一种应答码时才修改。',
    option: {
      '401': '使用 WWW-Authenticate 质询（注册服务器方式）。',
      '407': '使用 Proxy-Authenticate 质询（代理方式）。',
    },
  },
  SS_SIP_AUTHENTICATION_RETRY: {
    description: '凭据错误后，交换机对同一个 REGISTER 或 INVITE 再次质询的次数，超过后拒绝该请求。',
  },
  SS_SIP_AUTHENTICATION_TIMEOUT: {
    description: '主叫完成认证的时限。时间用完时，即使还有重试次数，呼叫也会被拒绝。',
  },
  SS_SIP_E164_DISPLAY_FROM: {
    description: '交换机如何填写发出的 SIP 请求中 From 头域的显示名。',
    option: {
      ignore: '交换机不设置 From 头域的显示名部分。',
      e164: '显示名部分以 E.164 格式显示主叫号码。',
      original: '显示名部分保留主叫信息的原样。',
    },
  },
  SS_SIP_NAT_KEEP_ALIVE_MESSAGE: {
    description: '交换机以普通 UDP 包发给 NAT 后面已注册设备的文本，用于保持其 NAT 映射；留空则关闭保活。使用 TCP 或 TLS 的设备改为收到 TCP 保活探测，而不是这段文本。',
  },
  SS_SIP_NAT_KEEP_ALIVE_PERIOD: {
    description: '一个保活周期的长度：每个周期依次覆盖所有已注册的 NAT 设备；下一个周期开始前没轮到的设备本周期就错过了。对于使用 TCP 或 TLS 的 NAT 设备：发送 TCP 保活探测前的静默时间。',
  },
  SS_SIP_NAT_KEEP_ALIVE_SEND_INTERVAL: {
    description: '一个保活周期内两轮发送之间的停顿，避免保活消息一次性集中发出。',
  },
  SS_SIP_NAT_KEEP_ALIVE_SEND_ONE_TIME: {
    description: '交换机每轮发送多少条保活消息，之后停顿 SS_SIP_NAT_KEEP_ALIVE_SEND_INTERVAL。',
  },
  SS_SIP_NO_TIMER_REINVITE_INTERVAL: {
    description: '不支持会话定时器的主叫允许的最长通话时间。交换机无法检查这些通话，所以时间一到就发送 BYE。',
  },
  SS_SIP_PUBLISH_EXPIRE: {
    description: '开启了“允许 PUBLISH”的路由网关通过 SIP PUBLISH 上报的状态（已满或可接呼叫）的最长有效期，也是未请求有效期时使用的有效期。未刷新的状态会被遗忘。',
  },
  SS_SIP_RESEND_INTERVAL: {
    description: '未得到应答的 SIP 请求每次重发前的等待时间（秒）。第一个数是第一次重发前的等待时间，依此类推。',
  },
  SS_SIP_SESSION_TIMEOUT_EARLY_HANGUP: {
    description: '使用会话定时器的通话错过刷新时的宽限时间（秒）。0 表示没有宽限；不使用会话定时器的通话不受影响。',
  },
  SS_SIP_SESSION_TTL: {
    description: '两端支持 SIP 会话定时器（RFC 4028）的通话所用的 Session-Expires 值。如果刷新没有收到 200 OK，交换机结束通话。',
  },
  SS_SIP_SESSION_UPDATE_SEGMENT: {
    description: '刷新间隔的除数：交换机每隔 SS_SIP_SESSION_TTL 除以此数的时间刷新一次使用会话定时器的通话（600 / 2 = 每 300 秒）。',
  },
  SS_SIP_STOP_SWITCH_AFTER_SDP: {
    description: '开启时，网关一旦在临时应答中发送 SDP（例如带早期媒体的 183），交换机就留在这个网关上。关闭可能导致声音异常和重复应答。',
  },
  SS_SIP_TIMEOUT_INVITE: {
    description: '交换机等待 INVITE 任何应答的时间，超时即认为该网关失败。每个路由网关可以单独覆盖此值。',
  },
  SS_SIP_TIMEOUT_RINGING: {
    description: '交换机让呼叫振铃（收到 180 Ringing 后）等待应答的时间。',
  },
  SS_SIP_TIMEOUT_SESSION_PROGRESS: {
    description: '网关发送 183 Session Progress 后，交换机等待应答的时间。',
  },
  SS_SIP_TIMEOUT_TRYING: {
    description: '网关应答 100 Trying 后，交换机等待呼叫进展的时间。',
  },
  SS_SIP_USER_AGENT_EXPIRE: {
    description: '交换机向另一台服务器注册时请求的注册有效期。“自动”接受服务器给出的值；在 NAT 后面，固定 120–300 秒更稳妥。',
  },
  SS_SIP_USER_AGENT_PRIVACY: {
    description: '发往自身 Privacy 设置为 None 的路由网关的呼叫所添加的 Privacy 头域。设置为 Id 或 Passthrough 的网关由其自身决定。',
    option: {
      ignore: '不添加 Privacy 头域。',
      id: '添加“Privacy: id”：对被叫隐藏主叫身份。',
      none: '添加“Privacy: none”：主叫不要求隐私保护。',
    },
  },
  SS_SIP_USER_AGENT_RETRY_DELAY: {
    description: '向另一台服务器注册失败后，交换机等待这段时间再重试，每次都是同样的固定等待。',
  },
  SS_SIP_USER_AGENT_SEND_UNREGISTER: {
    description: '开启时，删除某个注册或系统停止时，交换机会注销它在其他服务器上的注册（发送 Expires: 0 的 REGISTER）。',
  },
  SS_SIP_USER_AGENT_STOP_SWITCH_AFTER_INVITE_TIMEOUT: {
    description: '开启时，网关未能及时应答 INVITE 就结束呼叫，而不是转到下一个网关。除非路由规则禁止转网关，否则保持关闭。',
  },
};
