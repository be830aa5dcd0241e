package stdlib

import (
	"fmt"
	"testing"
	"time"
)

// TestTimeFormatCache checks that cached format items parse as fresh ones
// do, and that formats computed from data cannot grow the cache past its
// bound.
func TestTimeFormatCache(t *testing.T) {
	for i := range tfItemsCacheMax + 50 {
		format := fmt.Sprintf("%%Y-%%m-%%d %%H:%%M:%%S #%d", i)
		s := fmt.Sprintf("2024-01-02 03:04:05 #%d", i)
		for range 2 { // the second parse hits the cache while it has room
			got, err := tfParseFormat(s, format, time.UTC)
			if err != nil || !got.Equal(time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)) {
				t.Fatalf("%q with %q: %v, %v", s, format, got, err)
			}
		}
	}
	if n := tfItemsCacheSize.Load(); n > tfItemsCacheMax {
		t.Errorf("cache holds %d formats, bound %d", n, tfItemsCacheMax)
	}
	if _, err := tfParseFormat("2024-01-02", "%Y-%m-%d %H", time.UTC); err == nil {
		t.Error("a short input parsed")
	}
}
