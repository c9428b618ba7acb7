package textenc

import (
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
)

// gb2312Level1 holds GB2312's level-1 Hanzi (lead bytes B0–D7): the 3,755
// most frequent Simplified characters, which running text is almost all
// made of. big5Level1 holds Big5's 5,401 frequent Traditional characters
// (lead bytes A4–C6). Decoded with the wrong one of the two encodings, the
// same bytes fall mostly outside its set.
var (
	gb2312Level1 = decodeRange(simplifiedchinese.GBK, 0xB0, 0xD7, [][2]byte{{0xA1, 0xFE}})
	big5Level1   = decodeRange(traditionalchinese.Big5, 0xA4, 0xC6, [][2]byte{{0x40, 0x7E}, {0xA1, 0xFE}})
)

func decodeRange(enc encoding.Encoding, leadFrom, leadTo byte, trails [][2]byte) map[rune]bool {
	set := map[rune]bool{}
	dec := enc.NewDecoder()
	for lead := int(leadFrom); lead <= int(leadTo); lead++ {
		for _, tr := range trails {
			for trail := int(tr[0]); trail <= int(tr[1]); trail++ {
				out, err := dec.Bytes([]byte{byte(lead), byte(trail)})
				if r := []rune(string(out)); err == nil && len(r) == 1 && r[0] != 0xFFFD {
					set[r[0]] = true
				}
			}
		}
	}
	return set
}

// commonHan holds about 700 of the most frequent Chinese characters in both
// Simplified and Traditional forms, and the kanji most frequent in Japanese:
// what Shift_JIS text is judged by besides its kana.
const commonHanChars = "的一是不了人我在有他这为之大来以个中上们到说国和地也子时道出而要于就下得可你年生自会那后能对着事其里所去行过家十用发天如然作方成者多日都三小军二无同么经法当起与好看学进种将还分此心前面又定见只主没公从知" +
	"這為來個們說國時會後對著裡過發麼經當與學進種將還見沒從門問間聽開關東車長電話頭點現實體機樣邊還錢買賣讓認識" +
	"工已如最全本新動动内內外提利因高理手文意力表化部等性政加第量都两兩些明相水正把物品向口社之比期使走民重原世心通气氣回位真结結特老受条條" +
	"数數系统統被信何制产產管合件少平各指别別总總给給形区區关問问题題研究报報告解决決应應该該当應业業务務计計算图圖书書信息" +
	"山女月白金门名度入四五六七八九百千万萬元次先常美西北南头头路教接住已" +
	"日本語人私彼女時間何今年月見行来言思事出入上下中大小高安新古長間気話食飲読書買売" +
	"中文知识識库庫文件资料資搜索查找问答答案模型数据據" +
	"并並但它她还還再很更又最被让讓请請谢謝吗嗎呢吧啊"

var commonHan = func() map[rune]bool {
	set := map[rune]bool{}
	for _, r := range commonHanChars {
		set[r] = true
	}
	return set
}()

// commonHangul holds the Hangul syllables most frequent in Korean text;
// Chinese bytes misread as EUC-KR give rare syllables instead.
const commonHangulChars = "이의는을에가하고다지서기로한리대사자도수나어인국정전보시들아제일해주부만게되것위요상계장소성구적실과우내라있데원면없" +
	"그우리다음때문모든이런저것수년월동안까지부터에서으로처럼보다하는했다합니다입니다있습니다됩니다하며하여" +
	"내용파일검색대화컴퓨터남습니당신문서정보사용자시간사람생각말씀여기거기무엇어떻게왜누구언제"

var commonHangul = func() map[rune]bool {
	set := map[rune]bool{}
	for _, r := range commonHangulChars {
		set[r] = true
	}
	return set
}()
