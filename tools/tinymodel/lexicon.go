package main

// topic is a field of knowledge: the Chinese words and English words that
// come up together when people write about it. The static embedding
// model's corpus is generated from these lists, so words of one topic
// share contexts and end up with similar vectors, across the two
// languages too. The lists were written for this model; they are not
// drawn from any evaluation set.
type topic struct {
	name    string
	chinese string // words separated by spaces
	english string
}

var topics = []topic{
	{"football", "足球 比赛 球队 球员 进球 射门 守门员 教练 联赛 冠军 世界杯 欧洲杯 主场 客场 点球 前锋 后卫 中场 俱乐部 转会 赛季 裁判 犯规 红牌 黄牌 决赛 半决赛 小组赛 淘汰赛 国家队 球迷 球场 助攻 比分 加时赛",
		"football soccer match team player goal coach league champion cup season referee stadium"},
	{"sports", "运动 体育 运动员 奥运会 金牌 银牌 铜牌 纪录 田径 游泳 篮球 排球 乒乓球 羽毛球 网球 体操 跳水 举重 马拉松 训练 选手 锦标赛 亚运会 跑步 健身 拳击 滑雪 滑冰 赛车 冠军赛 体育馆 跳远 短跑 接力",
		"sport sports athlete olympic olympics medal gold record basketball tennis swimming race training"},
	{"music", "音乐 歌曲 歌手 专辑 乐队 演唱会 作曲 作词 旋律 钢琴 吉他 小提琴 交响乐 乐团 指挥 唱片 单曲 流行音乐 摇滚 歌词 演奏 音乐会 民歌 歌剧 合唱 节奏 乐器 鼓手 音乐家 发行 排行榜 主打歌 音色 声乐",
		"music song songs singer album band concert piano guitar violin orchestra lyrics single record"},
	{"film", "电影 导演 演员 主演 票房 上映 影片 剧本 编剧 拍摄 电视剧 剧集 角色 配角 主角 影视 制片 首映 奖项 金马奖 奥斯卡 电影节 动画片 纪录片 片长 剧情 观众 影评 出品 配音 镜头 特效 续集 播出 收视率",
		"film movie director actor actress cinema drama episode series screen role studio award"},
	{"anime_games", "游戏 玩家 关卡 角色扮演 动作游戏 主机 游戏机 任天堂 索尼 世嘉 开发商 发行商 系列 续作 剧情 主角 敌人 道具 技能 战斗 副本 地图 动画 漫画 声优 连载 单行本 漫画家 改编 作品 剧场版 网络游戏 手机游戏 对战 存档",
		"game games player level console nintendo sony anime manga character series quest battle"},
	{"history", "历史 朝代 皇帝 王朝 战争 起义 革命 古代 近代 年间 即位 在位 驾崩 登基 太子 诸侯 战国 春秋 秦朝 汉朝 唐朝 宋朝 元朝 明朝 清朝 三国 史书 史记 考古 遗址 文物 统治 帝国 灭亡 建立 朝廷",
		"history dynasty emperor empire war ancient kingdom revolution king reign archaeology"},
	{"politics", "政府 国家 政治 总统 总理 主席 选举 议会 国会 政党 宪法 法律 外交 部长 官员 政策 改革 民主 投票 候选人 当选 执政 反对党 领导人 内阁 联合国 条约 主权 独立 行政 立法 司法 代表 会议 委员会",
		"government state politics president minister election parliament party law policy vote congress"},
	{"military", "军队 军事 士兵 将军 部队 战役 战斗 武器 坦克 战机 军舰 海军 陆军 空军 导弹 枪 炮 防御 进攻 占领 投降 胜利 失败 指挥官 司令 作战 战略 战术 兵力 舰队 航空母舰 潜艇 军官 阵地 包围",
		"army military soldier general battle weapon navy air force tank missile defense attack"},
	{"geography", "地理 位于 面积 平方公里 海拔 山脉 河流 湖泊 平原 高原 盆地 沙漠 岛屿 海岸 半岛 气候 降水 温带 热带 流域 源头 发源 注入 省份 县 乡镇 村 城市 首都 边境 接壤 东部 西部 南部 北部",
		"geography river mountain lake island coast climate area region border north south east west"},
	{"city", "城市 市区 人口 居民 街道 交通 地铁 公交 机场 火车站 高速公路 铁路 港口 桥梁 建筑 大楼 广场 公园 商业 中心 区域 市长 规划 开发区 新区 郊区 旧城 经济 旅游 景点 博物馆 图书馆 医院 学校",
		"city town population street traffic airport station railway bridge building park museum"},
	{"china_places", "北京 上海 广州 深圳 香港 澳门 台湾 重庆 天津 南京 杭州 武汉 成都 西安 长沙 沈阳 哈尔滨 青岛 厦门 苏州 广东 江苏 浙江 山东 河南 四川 湖北 湖南 福建 云南 新疆 西藏 内蒙古 黄河 长江",
		"beijing shanghai china hong kong taiwan guangzhou chinese province"},
	{"world_places", "美国 英国 法国 德国 日本 韩国 俄罗斯 意大利 西班牙 加拿大 澳大利亚 印度 巴西 埃及 欧洲 亚洲 非洲 美洲 大洋洲 伦敦 巴黎 东京 纽约 柏林 莫斯科 罗马 太平洋 大西洋 印度洋 地中海 北极 南极 欧盟 世界",
		"america england france germany japan korea russia italy europe asia africa london paris tokyo world"},
	{"biology", "生物 物种 动物 植物 细胞 基因 遗传 进化 繁殖 栖息地 哺乳动物 鸟类 鱼类 昆虫 爬行动物 两栖动物 科 属 种 亚种 分布 濒危 保护 生态 食物 捕食 雌性 雄性 幼崽 体长 体重 羽毛 尾巴 翅膀 产卵",
		"biology species animal plant cell gene evolution bird fish insect mammal habitat ecology"},
	{"plants", "植物 花 叶子 树 树木 果实 种子 根 茎 开花 结果 草本 木本 灌木 乔木 森林 花瓣 花期 果树 药用 栽培 品种 生长 土壤 水分 阳光 光合作用 竹子 松树 花园 农作物 水稻 小麦 玉米 蔬菜",
		"plant flower leaf tree fruit seed root forest grow garden rice wheat"},
	{"medicine", "医学 医生 医院 病人 患者 疾病 症状 治疗 药物 手术 诊断 感染 病毒 细菌 疫苗 传染病 癌症 肿瘤 心脏病 高血压 糖尿病 护士 药品 临床 健康 免疫 死亡率 急救 康复 中医 西医 针灸 病毒感染 发烧 疼痛",
		"medicine doctor hospital patient disease symptom treatment drug surgery virus vaccine cancer health"},
	{"physics", "物理 物理学 能量 质量 速度 加速度 力 引力 电磁 电子 质子 中子 原子 原子核 粒子 量子 相对论 光速 波长 频率 温度 压力 磁场 电场 电流 电压 热量 辐射 实验 理论 定律 牛顿 爱因斯坦 光子 核能",
		"physics energy mass speed force gravity electron atom particle quantum light wave theory"},
	{"chemistry", "化学 元素 化合物 分子 反应 溶液 酸 碱 盐 氧气 氢气 氮 碳 金属 非金属 氧化 还原 催化剂 有机 无机 化学式 周期表 原子量 熔点 沸点 密度 气体 液体 固体 晶体 实验室 试剂 合成 分解 纯度",
		"chemistry element compound molecule reaction acid metal oxygen carbon gas liquid solid"},
	{"astronomy", "天文 天文学 宇宙 星系 银河系 恒星 行星 卫星 太阳 月球 地球 火星 木星 土星 彗星 小行星 黑洞 星座 望远镜 轨道 光年 天体 陨石 日食 月食 太阳系 航天 宇航员 火箭 发射 空间站 探测器 登月 飞船 星云",
		"astronomy universe galaxy star planet moon sun earth mars orbit telescope space rocket"},
	{"computing", "计算机 电脑 软件 硬件 程序 编程 代码 算法 数据 数据库 网络 互联网 网站 服务器 操作系统 处理器 芯片 内存 硬盘 用户 界面 系统 应用 开发 版本 人工智能 机器学习 模型 搜索 浏览器 手机 智能手机 安卓 苹果 微软",
		"computer software hardware program code algorithm data database network internet website server system user app"},
	{"company", "公司 企业 集团 股份 股票 上市 市场 销售 产品 品牌 营业额 利润 收入 投资 投资者 股东 董事长 总裁 首席执行官 员工 创始人 成立 总部 子公司 收购 合并 并购 商标 客户 服务 业务 行业 竞争 营销 零售",
		"company business market product brand profit revenue investor shares ceo founder headquarters customer"},
	{"economy", "经济 金融 银行 货币 贸易 进出口 关税 通货膨胀 利率 汇率 债务 财政 税收 预算 国内生产总值 增长 衰退 危机 工业 农业 制造业 服务业 就业 失业 工资 价格 消费 供应 需求 资本 证券 基金 保险 贷款 储蓄",
		"economy finance bank money trade tax inflation price growth industry capital market loan"},
	{"education", "教育 学校 大学 学院 中学 小学 学生 教师 老师 教授 校长 课程 考试 高考 毕业 入学 学位 博士 硕士 学士 研究生 本科 专业 校园 校友 招生 学费 奖学金 教学 科研 实验室 图书馆 讲座 论文 学术",
		"education school university college student teacher professor course exam degree graduate campus research"},
	{"science_research", "科学 研究 科学家 发现 发明 实验 理论 假说 证明 观察 数据 结果 分析 方法 论文 期刊 发表 学者 研究所 科学院 诺贝尔奖 成果 技术 创新 专利 工程 工程师 设计 测量 模型 统计 样本 调查 报告 学科",
		"science research scientist discovery invention experiment theory study analysis method journal technology engineering"},
	{"literature", "文学 小说 作家 作者 诗人 诗歌 散文 作品 出版 出版社 书籍 章节 故事 情节 人物 主人公 长篇小说 短篇小说 诗集 文集 翻译 读者 名著 红楼梦 西游记 水浒传 三国演义 鲁迅 文学奖 创作 写作 笔名 童话 神话 传说",
		"literature novel writer author poet poem poetry book story chapter publish reader"},
	{"art", "艺术 艺术家 绘画 画家 油画 国画 雕塑 书法 美术 作品 展览 博物馆 美术馆 收藏 设计 建筑师 风格 色彩 画作 壁画 摄影 摄影师 陶瓷 工艺 雕刻 艺术品 艺术史 印象派 文艺复兴 审美 创意 素描 版画 装饰 画廊",
		"art artist painting painter sculpture museum gallery design style photography exhibition"},
	{"religion", "宗教 佛教 道教 基督教 天主教 伊斯兰教 寺庙 寺院 教堂 僧人 和尚 道士 信徒 信仰 经文 佛经 圣经 菩萨 佛祖 神 神仙 上帝 祭祀 传教 教会 牧师 修道院 朝圣 儒家 孔子 老子 庄子 佛像 香火 教义",
		"religion buddhism christianity church temple monk god faith bible prayer"},
	{"food", "食物 食品 美食 菜 菜肴 烹饪 厨师 餐厅 饭店 味道 口味 甜 酸 辣 咸 米饭 面条 饺子 包子 火锅 茶 咖啡 酒 啤酒 葡萄酒 水果 肉 猪肉 牛肉 鸡肉 海鲜 调料 酱油 早餐 小吃",
		"food dish cook chef restaurant taste tea coffee wine meat fruit breakfast"},
	{"transport", "交通 汽车 火车 飞机 轮船 船 自行车 地铁 公交车 高铁 列车 航班 航空公司 机场 车站 码头 司机 乘客 驾驶 道路 公路 高速 铁路 线路 运输 物流 货物 运营 里程 时速 发动机 燃料 汽油 电动车 隧道",
		"transport car train plane airplane ship bus railway road highway driver passenger engine fuel"},
	{"family_people", "家庭 父亲 母亲 儿子 女儿 妻子 丈夫 兄弟 姐妹 祖父 祖母 孩子 婚姻 结婚 离婚 出生 去世 家族 后代 亲戚 朋友 童年 青年 老年 长子 次子 长女 生日 姓名 名字 本名 原名 别名 籍贯 出身",
		"family father mother son daughter wife husband brother sister child marriage born died name"},
	{"architecture", "建筑 建筑物 宫殿 城墙 城堡 塔 寺庙 桥 楼 层 高度 米 设计 建造 修建 竣工 落成 重建 修复 结构 砖 石头 木材 钢筋 混凝土 屋顶 大厅 庭院 门 窗 柱子 古建筑 故宫 长城 园林",
		"architecture building palace castle tower bridge wall floor roof tall construction"},
	{"weather_nature", "天气 气候 温度 气温 降雨 雨 雪 风 台风 暴雨 干旱 洪水 地震 火山 海啸 灾害 自然 环境 污染 空气 水 森林 草原 冰川 季节 春天 夏天 秋天 冬天 阳光 云 雷电 湿度 气象 风暴",
		"weather climate temperature rain snow wind storm flood earthquake volcano nature environment pollution"},
	{"law_crime", "法律 法院 法官 律师 诉讼 判决 审判 被告 原告 罪 犯罪 罪犯 警察 警方 逮捕 监狱 刑期 死刑 起诉 证据 案件 调查 嫌疑人 谋杀 盗窃 诈骗 贿赂 腐败 违法 合法 条例 规定 法规 权利 义务",
		"law court judge lawyer trial crime police prison evidence case rights"},
	{"media", "媒体 新闻 报纸 杂志 记者 编辑 报道 电视台 电台 广播 节目 主持人 采访 社论 头条 发行量 网站 社交媒体 微博 博客 评论 出版 频道 直播 观众 读者 新闻社 通讯社 消息 发布会 声明 宣布 公告 舆论 传媒",
		"media news newspaper magazine journalist editor report television radio program interview channel"},
	{"language", "语言 汉语 中文 英语 日语 方言 普通话 文字 汉字 拼音 字母 词语 词汇 语法 发音 翻译 语音 句子 含义 意思 字典 词典 书写 繁体字 简体字 粤语 外语 母语 语言学 音节 声调 拼写 缩写 名称 称呼",
		"language chinese english japanese word words grammar letter dictionary translation meaning name"},
	{"numbers_time", "年 月 日 世纪 年代 时间 时期 期间 之前 之后 开始 结束 第一 第二 第三 首次 最后 以来 至今 当时 目前 现在 过去 未来 每年 今年 去年 明年 小时 分钟 秒 星期 周年 年份 日期",
		"year month day century time date first second third last hour minute week"},
	{"measure", "数量 数字 百分之 大约 约 超过 以上 以下 不足 总共 共计 平均 最高 最低 最大 最小 长度 宽度 高度 深度 重量 公里 公斤 吨 米 厘米 亿 万 千 百 增加 减少 比例 排名 第",
		"number percent total average maximum minimum length width height weight kilometre million billion"},
}

// frequentHanzi are some 1,170 of the most used characters of
// modern Chinese, most used first, as general frequency lists rank them
// (written out for this model, not counted from any evaluation set). The
// generated corpus cannot tell how common a character is in real text, so
// a token's weight in the mean also heeds its place here (static.go).
const frequentHanzi = "的一是不了在人有我他这个们中来上大为和国地到以说时要就出会可也你对生能而子那得于着下自之年过发后作里用道行所然家种事成方多经么去法学如都同现当没动面起看定天分还进好小部其些主样理心她本前开但因只从想实日军者意无力它与长把机十民第公此已工使情明性知全三又关点正业外将两高间由问很最重并物手应战向头文体政美相见被利什二等产或新己制身果加西斯月话合回特代内信表化老给世位次度门任常先海通教儿原东声提立及比员解水名真论处走义各入几口认条平系气题活尔更别打女变四神总何电数安少报才结反受目太量再感建务做接必场件计管期市直德资命山金指克许统区保至队形社便空决治展马科司五基眼书非则听白却界达光放强即像难且权思王象完设式色路记南品住告类求据程北边死张该交规万取拉格望觉术领共确传师观清今切院让识候带导争运笑飞风步改收根干造言联持组每济车亲极林服快办议往元英士证近失转夫令准布始怎呢存未远叫台单影具罗字爱击流备兵连调深商算质团集百需价花党华城石级整府离况亚请技际约示复病息究线似官火断精满支视消越器容照须九增研写称企八功吗包片史委乎查轻易早曾除农找装广显吧阿李标谈吃图念六引历首医局突专费号尽另周较注语仅考落青随选列武红响虽推势参希古众构房半节土投某案黑维革划敌致陈律足态护七兴派孩验责营星够章音跟志底站严巴例防族供效续施留讲型料终答紧黄绝奇察母京段依批群项故按河米围江织害斗双境客纪采举杀攻父苏密低朝友诉止细愿千值仍男钱破网热助倒育属坐帝限船脸职速刻乐否刚威毛状率甚独球般普怕弹校苦创假久错承印晚兰试股拿脑预谁益阳若哪微尼继送急血惊伤素药适波夜省初喜卫源食险待述陆习置居劳财环排福纳欢雷警获模充负云停木游龙树疑层冷洲冲射略范竟句室异激汉村哈策演简卡罪判担州静退既衣您宗积余痛检差富灵协角占配征修皮挥胜降阶审沉坚善妈刘读啊超免压银买皇养伊怀执副乱抗犯追帮宣佛岁航优怪香著田铁控税左右份穿艺背阵草脚概恶块顿敢守酒岛托央户烈洋哥索胡款靠评版宝座释景顾弟登货互付伯慢欧换闻危忙核暗姐介坏讨丽良序升监临亮露永呼味野架域沙掉括舰鱼杂误湾吉减编楚肯测败屋跑梦散温困剑渐封救贵枪缺楼县尚毫移娘朋画班智亦耳恩短掌恐遗固席松秘谢鲁遇康虑幸均销钟诗藏赶剧票损忽巨炮旧端探湖录叶春乡附吸予礼港雨呀板庭妇归睛饭额含顺输摇招婚脱补谓督毒油疗旅泽材灭逐莫笔亡鲜词圣择寻厂睡博勒烟授诺伦岸奥唐卖俄炸载洛健堂旁宫喝借君禁阴园谋宋避抓荣姑孙逃牙束跳顶玉镇雪午练迫爷篇肉嘴馆遍凡础洞卷坦牛宁纸诸训私庄祖丝翻暴森塔默握戏隐熟骨访弱蒙歌店鬼软典欲萨伙遭盘爸扩盖弄雄稳忘亿刺拥徒姆杨齐赛趣曲刀床迎冰虚玩析窗醒妻透购替塞努休虎扬途侵刑绿兄迅套贸毕唯谷轮库迹尤竞街促延震弃甲伟麻川申缓潜闪售灯针哲络抵朱埃抱鼓植纯夏忍页杰筑折郑贝尊吴秀混臣雅振染盛怒舞圆搞狂措姓残秋培迷诚宽宇猛摆梅毁伸摩盟末乃悲拍丁赵尺"

// zipfShares estimates each frequent character's share of running text by
// Zipf's law: the r-th most used about 5%/r (的 is about one character in
// twenty).
func zipfShares() map[string]float64 {
	shares := map[string]float64{}
	rank := 0
	for _, r := range frequentHanzi {
		rank++
		if _, ok := shares[string(r)]; !ok {
			shares[string(r)] = 0.05 / float64(rank)
		}
	}
	return shares
}
