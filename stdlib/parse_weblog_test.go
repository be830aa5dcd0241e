package stdlib

import "testing"

func TestParseWebLogs(t *testing.T) {
	runCases(t, []fnCase{
		{fn: "parse_common_log", args: []any{tStr(`127.0.0.1 bob frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326`)},
			want: `{"host":"127.0.0.1","identity":"bob","message":"GET /apache_pb.gif HTTP/1.0","method":"GET","path":"/apache_pb.gif","protocol":"HTTP/1.0","size":2326,"status":200,"timestamp":"2000-10-10T20:55:36Z","user":"frank"}`},
		{fn: "parse_common_log", args: []any{tStr(`127.0.0.1 bob frank [2000-10-10T20:55:36Z] "GET /apache_pb.gif HTTP/1.0" 200 2326`), tStr("%+")},
			want: `{"host":"127.0.0.1","identity":"bob","message":"GET /apache_pb.gif HTTP/1.0","method":"GET","path":"/apache_pb.gif","protocol":"HTTP/1.0","size":2326,"status":200,"timestamp":"2000-10-10T20:55:36Z","user":"frank"}`},
		{fn: "parse_common_log", args: []any{tStr(`- - - - "-" - -`)}, want: `{}`},
		{fn: "parse_common_log", args: []any{tStr(`not a log`)}, err: "failed parsing common log line"},
		{fn: "parse_common_log", args: []any{tStr(`127.0.0.1 bob frank [10/Oct/2000:13:55:36] "GET / HTTP/1.0" 200 2326`)},
			err: "failed parsing timestamp 10/Oct/2000:13:55:36 using format %d/%b/%Y:%T %z: premature end of input"},
		{fn: "parse_apache_log", args: []any{tStr(`127.0.0.1 bob frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326`), kw("format", tStr("common"))},
			want: `{"host":"127.0.0.1","identity":"bob","message":"GET /apache_pb.gif HTTP/1.0","method":"GET","path":"/apache_pb.gif","protocol":"HTTP/1.0","size":2326,"status":200,"timestamp":"2000-10-10T20:55:36Z","user":"frank"}`},
		{fn: "parse_apache_log", args: []any{tStr(`127.0.0.1 bob frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326 "http://www.seniorinfomediaries.com/vertical/channels/front-end/bandwidth" "Mozilla/5.0 (X11; Linux i686; rv:5.0) Gecko/1945-10-12 Firefox/37.0"`), tStr("combined")},
			want: `{"agent":"Mozilla/5.0 (X11; Linux i686; rv:5.0) Gecko/1945-10-12 Firefox/37.0","host":"127.0.0.1","identity":"bob","message":"GET /apache_pb.gif HTTP/1.0","method":"GET","path":"/apache_pb.gif","protocol":"HTTP/1.0","referrer":"http://www.seniorinfomediaries.com/vertical/channels/front-end/bandwidth","size":2326,"status":200,"timestamp":"2000-10-10T20:55:36Z","user":"frank"}`},
		{fn: "parse_apache_log", args: []any{tStr(`[01/Mar/2021:12:00:19 +0000] [ab:alert] [pid 4803:tid 3814] [client 147.159.108.175:24259] I will bypass the haptic COM bandwidth, that should matrix the CSS driver!`), tStr("error")},
			want: `{"client":"147.159.108.175","message":"I will bypass the haptic COM bandwidth, that should matrix the CSS driver!","module":"ab","pid":4803,"port":24259,"severity":"alert","thread":"3814","timestamp":"2021-03-01T12:00:19Z"}`},
		{fn: "parse_apache_log", args: []any{tStr(`[Mon Dec 03 12:00:00.123456 2018] [core:error] [pid 11:tid 22] AH00126: Invalid URI in request GET /x HTTP/1.1`), tStr("error"), tStr("%a %b %d %H:%M:%S%.f %Y")},
			want: `{"message1":"AH00126: ","message2":"Invalid URI in request GET /x HTTP/1.1","module":"core","pid":11,"severity":"error","thread":"22","timestamp":"2018-12-03T12:00:00.123456Z"}`},
		{fn: "parse_apache_log", args: []any{tStr(`x`), tStr("bogus")}, compileErr: "invalid enum variant"},
		{fn: "parse_nginx_log", args: []any{tStr(`172.17.0.1 - alice [01/Apr/2021:12:02:31 +0000] "POST /not-found HTTP/1.1" 404 153 "http://localhost/somewhere" "Mozilla/5.0 (Windows NT 6.1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/72.0.3626.119 Safari/537.36" "2.75"`), tStr("combined")},
			want: `{"agent":"Mozilla/5.0 (Windows NT 6.1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/72.0.3626.119 Safari/537.36","client":"172.17.0.1","compression":"2.75","referer":"http://localhost/somewhere","request":"POST /not-found HTTP/1.1","size":153,"status":404,"timestamp":"2021-04-01T12:02:31Z","user":"alice"}`},
		{fn: "parse_nginx_log", args: []any{tStr(`2021/04/01 13:02:31 [error] 31#31: *1 open() "/usr/share/nginx/html/not-found" failed (2: No such file or directory), client: 172.17.0.1, server: localhost, request: "POST /not-found HTTP/1.1", host: "localhost:8081"`), tStr("error")},
			want: `{"cid":1,"client":"172.17.0.1","host":"localhost:8081","message":"open() \"/usr/share/nginx/html/not-found\" failed (2: No such file or directory)","pid":31,"request":"POST /not-found HTTP/1.1","server":"localhost","severity":"error","tid":31,"timestamp":"2021-04-01T13:02:31Z"}`},
		{fn: "parse_nginx_log", args: []any{tStr(`0.0.0.0 - bob [18/Mar/2023:15:00:00 +0000] "GET /some/path HTTP/2.0" 200 12312 "https://10.0.0.1/some/referer" "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/111.0.0.0 Safari/537.36" 462 0.050 [some-upstream-service-9000] [some-other-upstream-5000] 10.0.50.80:9000 19437 0.049 200 752178adb17130b291aefd8c386279e7`), tStr("ingress_upstreaminfo")},
			want: `{"body_bytes_size":12312,"http_referer":"https://10.0.0.1/some/referer","http_user_agent":"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/111.0.0.0 Safari/537.36","proxy_alternative_upstream_name":"some-other-upstream-5000","proxy_upstream_name":"some-upstream-service-9000","remote_addr":"0.0.0.0","remote_user":"bob","req_id":"752178adb17130b291aefd8c386279e7","request":"GET /some/path HTTP/2.0","request_length":462,"request_time":0.05,"status":200,"timestamp":"2023-03-18T15:00:00Z","upstream_addr":"10.0.50.80:9000","upstream_response_length":19437,"upstream_response_time":0.049,"upstream_status":200}`},
		{fn: "parse_nginx_log", args: []any{tStr(`172.24.0.3 - alice [31/Dec/2024:17:32:06 +0000] "GET / HTTP/1.1" 200 615 "https://domain.tld/path" "curl/8.11.1" "1.2.3.4, 10.10.1.1"`), tStr("main")},
			want: `{"body_bytes_size":615,"http_referer":"https://domain.tld/path","http_user_agent":"curl/8.11.1","http_x_forwarded_for":"1.2.3.4, 10.10.1.1","remote_addr":"172.24.0.3","remote_user":"alice","request":"GET / HTTP/1.1","status":200,"timestamp":"2024-12-31T17:32:06Z"}`},
		{fn: "parse_nginx_log", args: []any{tStr(`2021/04/01 13:02:31 [error] 31#31: *1 limiting requests, excess: 0.400 by zone "api", client: 10.0.0.1, server: x, request: "GET / HTTP/1.1", referrer: "http://r"`), tStr("error")},
			want: `{"cid":1,"client":"10.0.0.1","excess":0.4,"message":"limiting requests","pid":31,"referer":"http://r","request":"GET / HTTP/1.1","server":"x","severity":"error","tid":31,"timestamp":"2021-04-01T13:02:31Z","zone":"api"}`},
		{fn: "parse_nginx_log", args: []any{tStr(`garbage`), tStr("main")}, err: "failed parsing log line"},
	})
}

// Cases from upstream's parse_apache_log tests.
func TestParseApacheLogUpstream(t *testing.T) {
	runCases(t, []fnCase{
		{fn: "parse_apache_log", args: []any{tStr(`224.92.49.50 bob frank [25/Feb/2021:12:44:08 +0000] "PATCH /one-to-one HTTP/1.1" 401 84170 - -`), tStr("combined")},
			want: `{"host":"224.92.49.50","identity":"bob","message":"PATCH /one-to-one HTTP/1.1","method":"PATCH","path":"/one-to-one","protocol":"HTTP/1.1","size":84170,"status":401,"timestamp":"2021-02-25T12:44:08Z","user":"frank"}`},
		{fn: "parse_apache_log", args: []any{tStr("[01/Mar/2021:12:00:19 +0000] [ab:alert] [pid 4803:tid 3814] [client eda7:35d:3ceb:ef1e:2133:e7bf:116e:24cc:24259] I'll bypass the haptic COM bandwidth, that should matrix the CSS driver!"), tStr("error")},
			want: `{"client":"eda7:35d:3ceb:ef1e:2133:e7bf:116e:24cc","message":"I'll bypass the haptic COM bandwidth, that should matrix the CSS driver!","module":"ab","pid":4803,"port":24259,"severity":"alert","thread":"3814","timestamp":"2021-03-01T12:00:19Z"}`},
		{fn: "parse_apache_log", args: []any{tStr(`[2021-06-04 15:40:27.138633] [php7:emerg] [pid 4803] [client 95.223.77.60:35106] PHP Parse error:  syntax error, unexpected \'->\' (T_OBJECT_OPERATOR) in /var/www/index.php on line 14`), tStr("error"), tStr("%Y-%m-%d %H:%M:%S.%f")},
			want: `{"client":"95.223.77.60","message":"PHP Parse error:  syntax error, unexpected \\'->\\' (T_OBJECT_OPERATOR) in /var/www/index.php on line 14","module":"php7","pid":4803,"port":35106,"severity":"emerg","timestamp":"2021-06-04T15:40:27.000138633Z"}`},
		{fn: "parse_apache_log", args: []any{tStr("[01/Mar/2021:12:00:19 +0000] [proxy:error] [pid 23964] (113)No route to host: AH00957: HTTP: attempt to connect to 10.1.0.244:9000 (hostname.domain.com) failed"), tStr("error")},
			want: `{"message1":"(113)No route to host: AH00957: ","message2":"HTTP: attempt to connect to 10.1.0.244:9000 (hostname.domain.com) failed","module":"proxy","pid":23964,"severity":"error","timestamp":"2021-03-01T12:00:19Z"}`},
		{fn: "parse_apache_log", args: []any{tStr("- - - - - - -"), tStr("common")}, want: `{}`},
		{fn: "parse_apache_log", args: []any{tStr(`- - - [-] "-" - -`), tStr("common")}, want: `{}`},
		{fn: "parse_apache_log", args: []any{tStr("[2021/06/03 09:30:50] - - - -"), tStr("error"), tStr("%Y/%m/%d %H:%M:%S")}, tz: "Europe/Paris", want: `{"timestamp":"2021-06-03T07:30:50Z"}`},
		{fn: "parse_apache_log", args: []any{tStr("- - - [1234] - - - - - "), tStr("combined")}, err: "failed parsing timestamp 1234 using format %d/%b/%Y:%T %z: input contains invalid characters"},
	})
}

// Cases from upstream's parse_nginx_log tests.
func TestParseNginxLogUpstream(t *testing.T) {
	ua := "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/111.0.0.0 Safari/537.36"
	runCases(t, []fnCase{
		{fn: "parse_nginx_log", args: []any{tStr(`0.0.0.0 - - [04/Oct/2022:04:34:49 +0000] "" 400 0 "" ""`), tStr("combined")},
			want: `{"agent":"","client":"0.0.0.0","referer":"","request":"","size":0,"status":400,"timestamp":"2022-10-04T04:34:49Z"}`},
		{fn: "parse_nginx_log", args: []any{tStr(`172.17.0.1 - - [31/Mar/2021:12:04:07 +0000] "GET / HTTP/1.1" 200 612 "-" "curl/7.75.0" "-"`), tStr("combined")},
			want: `{"agent":"curl/7.75.0","client":"172.17.0.1","referer":"-","request":"GET / HTTP/1.1","size":612,"status":200,"timestamp":"2021-03-31T12:04:07Z"}`},
		{fn: "parse_nginx_log", args: []any{tStr(`0.0.0.0 - - [18/Mar/2023:15:00:00 +0000] "GET /some/path HTTP/2.0" 200 12312 "https://10.0.0.1/some/referer" "` + ua + `" 462 0.050 [some-upstream-service-9000] [] - - - - 752178adb17130b291aefd8c386279e7`), tStr("ingress_upstreaminfo")},
			want: `{"body_bytes_size":12312,"http_referer":"https://10.0.0.1/some/referer","http_user_agent":"` + ua + `","proxy_upstream_name":"some-upstream-service-9000","remote_addr":"0.0.0.0","req_id":"752178adb17130b291aefd8c386279e7","request":"GET /some/path HTTP/2.0","request_length":462,"request_time":0.05,"status":200,"timestamp":"2023-03-18T15:00:00Z","upstream_addr":"-"}`},
		{fn: "parse_nginx_log", args: []any{tStr("2021/06/17 19:25:59 [notice] 133309#133309: signal process started"), tStr("error")},
			want: `{"message":"signal process started","pid":133309,"severity":"notice","tid":133309,"timestamp":"2021-06-17T19:25:59Z"}`},
		{fn: "parse_nginx_log", args: []any{tStr(`2023/09/08 13:50:28 [warn] 3#3: *531 an upstream response is buffered to a temporary file /var/lib/nginx/tmp/fastcgi/6/03/0000000036 while reading upstream, client: 10.224.1.1, server: , request: "GET / HTTP/1.1", upstream: "fastcgi://127.0.0.1:9000", host: "", referrer: ""`), tStr("error")},
			want: `{"cid":531,"client":"10.224.1.1","host":"","message":"an upstream response is buffered to a temporary file /var/lib/nginx/tmp/fastcgi/6/03/0000000036 while reading upstream","pid":3,"referer":"","request":"GET / HTTP/1.1","server":"","severity":"warn","tid":3,"timestamp":"2023-09-08T13:50:28Z","upstream":"fastcgi://127.0.0.1:9000"}`},
		{fn: "parse_nginx_log", args: []any{tStr(`2022/05/30 20:56:22 [error] 7164#7164: *38068741 delaying requests, excess: 50.416, by zone "api_access_token", client: 10.244.0.0, server: test.local, request: "GET / HTTP/2.0", host: "127.0.0.1:8080"`), tStr("error")},
			want: `{"cid":38068741,"client":"10.244.0.0","excess":50.416,"host":"127.0.0.1:8080","message":"delaying requests","pid":7164,"request":"GET / HTTP/2.0","server":"test.local","severity":"error","tid":7164,"timestamp":"2022-05-30T20:56:22Z","zone":"api_access_token"}`},
		{fn: "parse_nginx_log", args: []any{tStr(`2022/05/30 20:56:22 [info] 3134#0: *99247 epoll_wait() reported that client prematurely closed connection, so upstream connection is closed too (104: Connection reset by peer) while reading upstream, client: 10.244.0.0, server: example.org, request: "GET / HTTP/1.1", upstream: "fastcgi://unix:/run/php-fpm/php8.3-fpm.sock:", host: "example:8080"`), tStr("error")},
			want: `{"cid":99247,"client":"10.244.0.0","host":"example:8080","message":"epoll_wait() reported that client prematurely closed connection, so upstream connection is closed too (104: Connection reset by peer) while reading upstream","pid":3134,"request":"GET / HTTP/1.1","server":"example.org","severity":"info","tid":0,"timestamp":"2022-05-30T20:56:22Z","upstream":"fastcgi://unix:/run/php-fpm/php8.3-fpm.sock:"}`},
		{fn: "parse_nginx_log", args: []any{tStr(`2025/01/03 16:41:26 [error] 31#31: *3 open() "/x" failed, client: 172.24.0.2`), tStr("main")}, err: "failed parsing log line"},
	})
}
