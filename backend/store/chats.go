package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/zhiku-app/zhiku/backend/core"
)

// CreateChat stores a new, empty chat.
func (s *Store) CreateChat(ctx context.Context, c core.Chat) (core.Chat, error) {
	now := time.Now().UTC()
	c.CreatedAt, c.UpdatedAt = now, now
	if c.KBIDs == nil {
		c.KBIDs = []int64{}
	}
	res, err := s.writer.ExecContext(ctx, `INSERT INTO chats (title, kb_ids, settings, pinned, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?)`, c.Title, jsonOf(c.KBIDs), jsonOf(c.Settings), c.Pinned,
		now.Format(timeLayout), now.Format(timeLayout))
	if err != nil {
		return core.Chat{}, fmt.Errorf("insert chat: %w", err)
	}
	c.ID, err = res.LastInsertId()
	return c, err
}

// Chats lists chats, pinned first, then the most recently active. With a
// query, only chats whose title, questions or answers contain it, each
// with the text that matched.
func (s *Store) Chats(ctx context.Context, query string) ([]core.Chat, error) {
	query = strings.TrimSpace(query)
	sqlText := `SELECT id, title, kb_ids, settings, pinned, created_at, updated_at, '' FROM chats`
	var args []any
	if query != "" {
		like := "%" + escapeLike(query) + "%"
		sqlText = `SELECT c.id, c.title, c.kb_ids, c.settings, c.pinned, c.created_at, c.updated_at,
			COALESCE(
				(SELECT t.question FROM chat_turns t WHERE t.chat_id = c.id AND t.question LIKE ?1 ESCAPE '\' LIMIT 1),
				(SELECT a.content FROM chat_answers a JOIN chat_turns t ON a.turn_id = t.id
					WHERE t.chat_id = c.id AND a.content LIKE ?1 ESCAPE '\' LIMIT 1),
				'')
			FROM chats c
			WHERE c.title LIKE ?1 ESCAPE '\'
				OR EXISTS (SELECT 1 FROM chat_turns t WHERE t.chat_id = c.id AND t.question LIKE ?1 ESCAPE '\')
				OR EXISTS (SELECT 1 FROM chat_answers a JOIN chat_turns t ON a.turn_id = t.id
					WHERE t.chat_id = c.id AND a.content LIKE ?1 ESCAPE '\')`
		args = append(args, like)
	}
	rows, err := s.db.QueryContext(ctx, sqlText+` ORDER BY pinned DESC, updated_at DESC, id DESC`, args...)
	if err != nil {
		return nil, fmt.Errorf("list chats: %w", err)
	}
	defer rows.Close()
	chats := []core.Chat{}
	for rows.Next() {
		c, err := scanChat(rows)
		if err != nil {
			return nil, err
		}
		c.Match = excerptAround(c.Match, query, 80)
		chats = append(chats, c)
	}
	return chats, rows.Err()
}

type scanner interface{ Scan(dest ...any) error }

// queryAll runs query and reads each row with scan, in order; what names
// the rows in errors ("list turns"). The rows are closed when it returns,
// so the caller may query again at once.
func queryAll[T any](ctx context.Context, db *sql.DB, what string, scan func(scanner) (T, error), query string, args ...any) ([]T, error) {
	rows, err := db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	defer rows.Close()
	out := []T{}
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", what, err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return out, nil
}

func scanChat(row scanner) (core.Chat, error) {
	var c core.Chat
	var kbIDs, settings, created, updated string
	if err := row.Scan(&c.ID, &c.Title, &kbIDs, &settings, &c.Pinned, &created, &updated, &c.Match); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return c, core.ErrChatNotFound.New(nil)
		}
		return c, fmt.Errorf("read chat: %w", err)
	}
	json.Unmarshal([]byte(kbIDs), &c.KBIDs)
	json.Unmarshal([]byte(settings), &c.Settings)
	c.CreatedAt, _ = time.Parse(timeLayout, created)
	c.UpdatedAt, _ = time.Parse(timeLayout, updated)
	if c.KBIDs == nil {
		c.KBIDs = []int64{}
	}
	return c, nil
}

// Chat returns a chat with its turns and answers, oldest first.
func (s *Store) Chat(ctx context.Context, id int64) (core.Chat, error) {
	c, err := scanChat(s.db.QueryRowContext(ctx, `SELECT id, title, kb_ids, settings, pinned, created_at, updated_at, ''
		FROM chats WHERE id = ?`, id))
	if err != nil {
		return c, err
	}
	c.Turns, err = s.turns(ctx, id)
	return c, err
}

const turnColumns = `SELECT id, chat_id, question, chosen, created_at FROM chat_turns`

func scanTurn(row scanner) (core.Turn, error) {
	t := core.Turn{Answers: []core.Answer{}}
	var created string
	if err := row.Scan(&t.ID, &t.ChatID, &t.Question, &t.Chosen, &created); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return t, core.ErrTurnNotFound.New(nil)
		}
		return t, fmt.Errorf("read turn: %w", err)
	}
	t.CreatedAt, _ = time.Parse(timeLayout, created)
	return t, nil
}

func (s *Store) turns(ctx context.Context, chatID int64) ([]core.Turn, error) {
	turns, err := queryAll(ctx, s.db, "list turns", scanTurn, turnColumns+` WHERE chat_id = ? ORDER BY id`, chatID)
	if err != nil {
		return nil, err
	}
	index := map[int64]int{}
	for i, t := range turns {
		index[t.ID] = i
	}
	answers, err := s.answersWhere(ctx, `JOIN chat_turns t ON a.turn_id = t.id WHERE t.chat_id = ?`, chatID)
	if err != nil {
		return nil, err
	}
	for _, a := range answers {
		if i, ok := index[a.TurnID]; ok {
			turns[i].Answers = append(turns[i].Answers, a)
		}
	}
	return turns, nil
}

// answersWhere reads the answers that a join or condition on
// chat_answers a selects, oldest first.
func (s *Store) answersWhere(ctx context.Context, condition string, arg any) ([]core.Answer, error) {
	return queryAll(ctx, s.db, "list answers", scanAnswer, answerColumns+` FROM chat_answers a `+condition+` ORDER BY a.id`, arg)
}

const answerColumns = `SELECT a.id, a.turn_id, a.content, a.status, a.problem, a.model, a.sources, a.report, a.rating,
	a.created_at, a.finished_at`

func scanAnswer(row scanner) (core.Answer, error) {
	var a core.Answer
	var problem, sources, report, created, finished string
	if err := row.Scan(&a.ID, &a.TurnID, &a.Content, &a.Status, &problem, &a.Model, &sources, &report, &a.Rating,
		&created, &finished); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return a, core.ErrTurnNotFound.New(nil)
		}
		return a, fmt.Errorf("read answer: %w", err)
	}
	if problem != "" {
		a.Problem = &core.Problem{}
		json.Unmarshal([]byte(problem), a.Problem)
	}
	json.Unmarshal([]byte(sources), &a.Sources)
	if a.Sources == nil {
		a.Sources = []core.Source{}
	}
	if report != "" {
		a.Report = &core.PromptReport{}
		json.Unmarshal([]byte(report), a.Report)
	}
	a.CreatedAt, _ = time.Parse(timeLayout, created)
	if t, err := time.Parse(timeLayout, finished); err == nil {
		a.FinishedAt = &t
	}
	return a, nil
}

// UpdateChat changes a chat's title, knowledge bases, settings or pin.
func (s *Store) UpdateChat(ctx context.Context, c core.Chat) error {
	if c.KBIDs == nil {
		c.KBIDs = []int64{}
	}
	res, err := s.writer.ExecContext(ctx, `UPDATE chats SET title = ?, kb_ids = ?, settings = ?, pinned = ? WHERE id = ?`,
		c.Title, jsonOf(c.KBIDs), jsonOf(c.Settings), c.Pinned, c.ID)
	return affectedOne(res, err, core.ErrChatNotFound)
}

// DeleteChat removes a chat with all its turns and answers.
func (s *Store) DeleteChat(ctx context.Context, id int64) error {
	res, err := s.writer.ExecContext(ctx, `DELETE FROM chats WHERE id = ?`, id)
	return s.reclaimAfter(ctx, affectedOne(res, err, core.ErrChatNotFound))
}

// AddTurn appends a question to a chat. When replacing is set, that turn
// and every later one are removed first, in the same transaction: a
// question edited and sent again continues the chat from there.
func (s *Store) AddTurn(ctx context.Context, chatID int64, question string, replacing int64) (core.Turn, error) {
	now := time.Now().UTC()
	t := core.Turn{ChatID: chatID, Question: question, Answers: []core.Answer{}, CreatedAt: now}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if replacing != 0 {
			res, err := tx.ExecContext(ctx, `DELETE FROM chat_turns WHERE chat_id = ? AND id >= ?
				AND EXISTS (SELECT 1 FROM chat_turns WHERE id = ? AND chat_id = ?)`, chatID, replacing, replacing, chatID)
			if err != nil {
				return fmt.Errorf("remove turns: %w", err)
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return core.ErrTurnNotFound.New(nil)
			}
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO chat_turns (chat_id, question, created_at)
			SELECT id, ?, ? FROM chats WHERE id = ?`, question, now.Format(timeLayout), chatID)
		if err != nil {
			return fmt.Errorf("insert turn: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return core.ErrChatNotFound.New(nil)
		}
		if t.ID, err = res.LastInsertId(); err != nil {
			return err
		}
		return touchChat(ctx, tx, chatID, now)
	})
	return t, err
}

func touchChat(ctx context.Context, tx *sql.Tx, chatID int64, now time.Time) error {
	_, err := tx.ExecContext(ctx, `UPDATE chats SET updated_at = ? WHERE id = ?`, now.Format(timeLayout), chatID)
	return err
}

// Turn returns one turn with its answers, oldest first, or ErrTurnNotFound.
func (s *Store) Turn(ctx context.Context, turnID int64) (core.Turn, error) {
	t, err := scanTurn(s.db.QueryRowContext(ctx, turnColumns+` WHERE id = ?`, turnID))
	if err != nil {
		return core.Turn{}, err
	}
	if t.Answers, err = s.answersWhere(ctx, `WHERE a.turn_id = ?`, turnID); err != nil {
		return core.Turn{}, err
	}
	return t, nil
}

// StartAnswer records an answer about to stream and makes it the turn's
// chosen one.
func (s *Store) StartAnswer(ctx context.Context, turnID int64, model string) (core.Answer, error) {
	now := time.Now().UTC()
	a := core.Answer{TurnID: turnID, Status: core.AnswerStreaming, Model: model, Sources: []core.Source{}, CreatedAt: now}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO chat_answers (turn_id, status, model, created_at)
			SELECT id, ?, ?, ? FROM chat_turns WHERE id = ?`, a.Status, model, now.Format(timeLayout), turnID)
		if err != nil {
			return fmt.Errorf("insert answer: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return core.ErrTurnNotFound.New(nil)
		}
		if a.ID, err = res.LastInsertId(); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE chat_turns SET chosen = ? WHERE id = ?`, a.ID, turnID); err != nil {
			return fmt.Errorf("choose answer: %w", err)
		}
		_, err = tx.ExecContext(ctx, `UPDATE chats SET updated_at = ? WHERE id = (SELECT chat_id FROM chat_turns WHERE id = ?)`,
			now.Format(timeLayout), turnID)
		return err
	})
	return a, err
}

// SaveAnswerText keeps the text streamed so far, so a crash loses at most
// the last moments of an answer.
func (s *Store) SaveAnswerText(ctx context.Context, answerID int64, content string) error {
	_, err := s.writer.ExecContext(ctx, `UPDATE chat_answers SET content = ? WHERE id = ?`, content, answerID)
	return err
}

// FinishAnswer stores an answer's final text, status, sources and report.
func (s *Store) FinishAnswer(ctx context.Context, a core.Answer) error {
	problem := ""
	if a.Problem != nil {
		problem = jsonOf(a.Problem)
	}
	report := ""
	if a.Report != nil {
		report = jsonOf(a.Report)
	}
	finished := ""
	if a.FinishedAt != nil {
		finished = a.FinishedAt.UTC().Format(timeLayout)
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE chat_answers SET content = ?, status = ?, problem = ?, model = ?, sources = ?,
			report = ?, finished_at = ? WHERE id = ?`, a.Content, a.Status, problem, a.Model, jsonOf(a.Sources), report, finished, a.ID)
		if err := affectedOne(res, err, core.ErrTurnNotFound); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE chats SET updated_at = ? WHERE id =
			(SELECT t.chat_id FROM chat_turns t JOIN chat_answers a ON a.turn_id = t.id WHERE a.id = ?)`,
			time.Now().UTC().Format(timeLayout), a.ID)
		return err
	})
}

// ChooseAnswer makes one of a turn's answers the one the chat continues from.
func (s *Store) ChooseAnswer(ctx context.Context, turnID, answerID int64) error {
	res, err := s.writer.ExecContext(ctx, `UPDATE chat_turns SET chosen = ? WHERE id = ?
		AND EXISTS (SELECT 1 FROM chat_answers WHERE id = ? AND turn_id = ?)`, answerID, turnID, answerID, turnID)
	return affectedOne(res, err, core.ErrTurnNotFound)
}

// RateAnswer stores a thumbs up (1), down (-1) or neither (0).
func (s *Store) RateAnswer(ctx context.Context, answerID int64, rating int) error {
	res, err := s.writer.ExecContext(ctx, `UPDATE chat_answers SET rating = ? WHERE id = ?`, rating, answerID)
	return affectedOne(res, err, core.ErrTurnNotFound)
}

// Answer returns one answer.
func (s *Store) Answer(ctx context.Context, answerID int64) (core.Answer, error) {
	return scanAnswer(s.db.QueryRowContext(ctx, answerColumns+` FROM chat_answers a WHERE a.id = ?`, answerID))
}

// InterruptAnswers marks answers left streaming by a process that ended
// mid-answer: their text so far is kept and shown as interrupted.
func (s *Store) InterruptAnswers(ctx context.Context) error {
	_, err := s.writer.ExecContext(ctx, `UPDATE chat_answers SET status = ? WHERE status = ?`,
		core.AnswerInterrupted, core.AnswerStreaming)
	return err
}

func affectedOne(res sql.Result, err error, missing core.ProblemKind) error {
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return missing.New(nil)
	}
	return nil
}

func jsonOf(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// excerptAround cuts text to about width characters on each side of the
// first case-insensitive match of query.
func excerptAround(text, query string, width int) string {
	if text == "" || query == "" {
		return ""
	}
	runes := []rune(text)
	at := strings.Index(strings.ToLower(text), strings.ToLower(query))
	if at < 0 || at > len(text) || !utf8.ValidString(text[:at]) {
		at = 0 // lower-casing changed byte lengths; start from the top
	}
	start := len([]rune(text[:at])) - width
	prefix := "…"
	if start <= 0 {
		start, prefix = 0, ""
	}
	end := start + 2*width + len([]rune(query))
	suffix := "…"
	if end >= len(runes) {
		end, suffix = len(runes), ""
	}
	return prefix + strings.Join(strings.Fields(string(runes[start:end])), " ") + suffix
}
