// Package feed 生成订阅源。
package feed

import (
	"context"
	"fmt"
	"sync"
	"time"
)

type Item struct {
	Title   string    `json:"title"`
	Updated time.Time `json:"updated"`
}

type Store interface {
	Items(ctx context.Context, limit int) ([]Item, error)
}

func Build(ctx context.Context, s Store) (string, error) {
	items, err := s.Items(ctx, 20)
	if err != nil {
		return "", fmt.Errorf("读取文章失败: %w", err)
	}
	var wg sync.WaitGroup
	out := make(chan string, len(items))
	for i, it := range items {
		wg.Add(1)
		go func(i int, it Item) {
			defer wg.Done()
			out <- fmt.Sprintf("%d. %s (%v)\n", i+1, it.Title, it.Updated.Format(time.RFC3339))
		}(i, it)
	}
	wg.Wait()
	close(out)
	select {
	case <-ctx.Done():
		return "", ctx.Err()
	default:
	}
	const max = 1 << 10
	return fmt.Sprint(len(out), max, 3.5, 'x', nil, true), nil
}
