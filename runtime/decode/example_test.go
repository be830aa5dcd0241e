package decode_test

import (
	"fmt"
	"strings"
	"time"

	"github.com/matano-go/matano/runtime/decode"
	"github.com/matano-go/matano/runtime/vrl/value"
)

func Example() {
	body := strings.NewReader("{\"eventName\":\"GetObject\"}\nnot json\n")
	d, err := decode.Open(body, "AWSLogs/cloudtrail/1.json", decode.Options{
		Now: func() time.Time { return time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC) },
	})
	if err != nil {
		panic(err) // the object could not be read at all
	}
	defer d.Close()
	for d.Next() {
		rec := d.Record()
		if rec.Err != nil {
			fmt.Println("sideline:", rec.Err)
			continue
		}
		fmt.Println("transform:", string(value.AppendJSON(nil, rec.Value)))
	}
	if err := d.Err(); err != nil {
		panic(err) // a read failure: retry the object
	}
	s := d.Stats()
	fmt.Println(s.Records, "records,", s.Errors, "decode errors")
	// Output:
	// transform: {"json":{"eventName":"GetObject"},"related":{"hash":[],"ip":[],"user":[]},"ts":"2024-01-02T03:04:05Z"}
	// sideline: decode: line 2: invalid JSON at byte 0: invalid literal
	// 1 records, 1 decode errors
}
