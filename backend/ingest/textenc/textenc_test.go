package textenc

import (
	"bytes"
	"io"
	"strings"
	"testing"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/korean"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
	xunicode "golang.org/x/text/encoding/unicode"
)

const (
	simplified  = "知库把您的文件变成可以搜索、可以对话的知识库。所有内容都保留在本机，回答会引用出处的具体文件和页码。"
	traditional = "知庫把您的文件變成可以搜尋、可以對話的知識庫。所有內容都保留在本機，回答會引用出處的具體文件和頁碼。"
	japaneseTxt = "知庫はあなたのファイルを検索できるようにします。すべての内容はこのコンピューターに残ります。"
	koreanTxt   = "지쿠는 당신의 파일을 검색하고 대화할 수 있게 합니다. 모든 내용은 이 컴퓨터에 남습니다."
	western     = "Zhiku keeps your café notes, naïve drafts and Übersicht files — all offline, « comme il faut »."
	shortCN     = "你好"
	shortTW     = "中文"
)

func encode(t *testing.T, enc encoding.Encoding, s string) []byte {
	t.Helper()
	b, err := enc.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatalf("encode %q: %v", s, err)
	}
	return b
}

func TestDetectAndDecode(t *testing.T) {
	le := xunicode.UTF16(xunicode.LittleEndian, xunicode.IgnoreBOM)
	be := xunicode.UTF16(xunicode.BigEndian, xunicode.IgnoreBOM)
	asciiHeavy := "package main\n\nfunc main() { println(\"hello\") } // " + simplified + "\n"
	tests := []struct {
		name string
		data []byte
		text string
		want string
	}{
		{"UTF-8", []byte(simplified), simplified, UTF8},
		{"UTF-8 with BOM", append([]byte{0xEF, 0xBB, 0xBF}, simplified...), simplified, UTF8},
		{"pure ASCII", []byte("plain text"), "plain text", UTF8},
		{"UTF-16LE with BOM", append([]byte{0xFF, 0xFE}, encode(t, le, simplified)...), simplified, UTF16LE},
		{"UTF-16BE with BOM", append([]byte{0xFE, 0xFF}, encode(t, be, traditional)...), traditional, UTF16BE},
		{"UTF-16LE without BOM", encode(t, le, asciiHeavy), asciiHeavy, UTF16LE},
		{"UTF-16BE without BOM", encode(t, be, asciiHeavy), asciiHeavy, UTF16BE},
		{"GB18030", encode(t, simplifiedchinese.GB18030, simplified), simplified, GB18030},
		{"GBK", encode(t, simplifiedchinese.GBK, simplified), simplified, GB18030},
		{"Big5", encode(t, traditionalchinese.Big5, traditional), traditional, Big5},
		{"Shift_JIS", encode(t, japanese.ShiftJIS, japaneseTxt), japaneseTxt, ShiftJIS},
		{"EUC-KR", encode(t, korean.EUCKR, koreanTxt), koreanTxt, EUCKR},
		{"Windows-1252", encode(t, charmap.Windows1252, western), western, Windows1252},
		{"short GB18030", encode(t, simplifiedchinese.GB18030, shortCN), shortCN, GB18030},
		{"short Big5", encode(t, traditionalchinese.Big5, shortTW), shortTW, Big5},
		{"GB18030 mixed with English", encode(t, simplifiedchinese.GB18030, "Chapter 1 第一章 "+simplified+" The end."), "Chapter 1 第一章 " + simplified + " The end.", GB18030},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := Detect(tt.data)
			if d.Encoding != tt.want {
				t.Fatalf("Detect = %+v, want %s", d, tt.want)
			}
			if text, _ := Decode(tt.data); text != tt.text {
				t.Errorf("Decode = %q, want %q", text, tt.text)
			}
			r, _, err := NewReader(bytes.NewReader(tt.data))
			if err != nil {
				t.Fatal(err)
			}
			streamed, err := io.ReadAll(r)
			if err != nil || string(streamed) != tt.text {
				t.Errorf("NewReader gave %q, %v; want %q", streamed, err, tt.text)
			}
		})
	}
}

// A multi-byte character cut by the end of the sample must not make valid
// UTF-8 look invalid.
func TestDetectIgnoresACharacterCutAtTheSampleEnd(t *testing.T) {
	data := []byte(strings.Repeat(simplified, 2000))
	sample := data[:SampleSize] // almost surely ends mid-character
	if d := Detect(sample); d.Encoding != UTF8 {
		t.Fatalf("Detect(cut sample) = %+v, want UTF-8", d)
	}
}

// A UTF-8 file with a few corrupt bytes stays UTF-8: the bad bytes become
// U+FFFD and the text around them is kept.
func TestInvalidBytesBecomeReplacementCharacters(t *testing.T) {
	data := append([]byte("前言 "+simplified), 0xFF, 0xFE, 0xFD)
	data = append(data, []byte(simplified+" 结尾")...)
	text, d := Decode(data)
	if d.Encoding != UTF8 || !strings.HasPrefix(text, "前言 "+simplified) || !strings.HasSuffix(text, simplified+" 结尾") {
		t.Fatalf("Decode = %s %q: the valid text around bad bytes was lost", d.Encoding, text)
	}
}

func TestLargeInputStreamsWithBoundedBuffer(t *testing.T) {
	gb := encode(t, simplifiedchinese.GB18030, simplified+"\n")
	src := io.MultiReader(bytes.NewReader(bytes.Repeat(gb, 20000))) // ~3 MB
	r, d, err := NewReader(src)
	if err != nil || d.Encoding != GB18030 {
		t.Fatalf("NewReader = %+v, %v", d, err)
	}
	n, err := io.Copy(io.Discard, r)
	if err != nil || n != int64(len(simplified+"\n")*20000) {
		t.Fatalf("copied %d bytes, %v", n, err)
	}
}

func FuzzDecode(f *testing.F) {
	f.Add([]byte(simplified))
	f.Add([]byte{0xFF, 0xFE, 0x00})
	f.Add([]byte{0xEF, 0xBB})
	f.Fuzz(func(t *testing.T, data []byte) {
		text, d := Decode(data)
		if d.Encoding == "" {
			t.Fatal("no encoding reported")
		}
		if !utf8ValidString(text) {
			t.Fatalf("Decode(%x) as %s gave invalid UTF-8", data, d.Encoding)
		}
	})
}

func utf8ValidString(s string) bool { return strings.ToValidUTF8(s, "\uFFFD") == s }
