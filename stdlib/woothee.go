package stdlib

import (
	"regexp"
	"strings"
)

// This file is the "fast" user-agent parser of parse_user_agent, a port
// of Woothee (https://github.com/woothee/woothee, the project VRL uses in
// its Rust form): an ordered series of substring checks and small regexes
// that classify an agent as crawler, browser, mobile phone, appliance or
// tool, and then find its OS. wootheeData is Woothee's dataset (label to
// name, category and OS).

// wootheeUnknown is Woothee's marker for a field it could not determine.
const wootheeUnknown = "UNKNOWN"

// wootheeResult holds the fields parse_user_agent reports.
type wootheeResult struct {
	name, category, os, osVersion, version string
}

type wootheeEntry struct{ name, category, os string }

var wootheeData = map[string]wootheeEntry{
	"MSIE":                {"Internet Explorer", "", ""},
	"Edge":                {"Edge", "", ""},
	"Chrome":              {"Chrome", "", ""},
	"Safari":              {"Safari", "", ""},
	"Firefox":             {"Firefox", "", ""},
	"Opera":               {"Opera", "", ""},
	"Vivaldi":             {"Vivaldi", "", ""},
	"Sleipnir":            {"Sleipnir", "", ""},
	"GSA":                 {"Google Search App", "", ""},
	"Webview":             {"Webview", "", ""},
	"YaBrowser":           {"Yandex Browser", "", ""},
	"SamsungBrowser":      {"SamsungBrowser", "", ""},
	"Win":                 {"Windows UNKNOWN Ver", "pc", ""},
	"Win10":               {"Windows 10", "pc", ""},
	"Win8.1":              {"Windows 8.1", "pc", ""},
	"Win8":                {"Windows 8", "pc", ""},
	"Win7":                {"Windows 7", "pc", ""},
	"WinVista":            {"Windows Vista", "pc", ""},
	"WinXP":               {"Windows XP", "pc", ""},
	"Win2000":             {"Windows 2000", "pc", ""},
	"WinNT4":              {"Windows NT 4.0", "pc", ""},
	"WinMe":               {"Windows Me", "pc", ""},
	"Win98":               {"Windows 98", "pc", ""},
	"Win95":               {"Windows 95", "pc", ""},
	"WinPhone":            {"Windows Phone OS", "smartphone", ""},
	"WinCE":               {"Windows CE", "smartphone", ""},
	"OSX":                 {"Mac OSX", "pc", ""},
	"MacOS":               {"Mac OS Classic", "pc", ""},
	"Linux":               {"Linux", "pc", ""},
	"BSD":                 {"BSD", "pc", ""},
	"ChromeOS":            {"ChromeOS", "pc", ""},
	"Android":             {"Android", "smartphone", ""},
	"iPhone":              {"iPhone", "smartphone", ""},
	"iPad":                {"iPad", "smartphone", ""},
	"iPod":                {"iPod", "smartphone", ""},
	"iOS":                 {"iOS", "smartphone", ""},
	"FirefoxOS":           {"Firefox OS", "smartphone", ""},
	"BlackBerry":          {"BlackBerry", "smartphone", ""},
	"BlackBerry10":        {"BlackBerry 10", "smartphone", ""},
	"docomo":              {"docomo", "mobilephone", "docomo"},
	"au":                  {"au by KDDI", "mobilephone", "au"},
	"SoftBank":            {"SoftBank Mobile", "mobilephone", "SoftBank"},
	"willcom":             {"WILLCOM", "mobilephone", "WILLCOM"},
	"jig":                 {"jig browser", "mobilephone", "jig"},
	"emobile":             {"emobile", "mobilephone", "emobile"},
	"SymbianOS":           {"SymbianOS", "mobilephone", "SymbianOS"},
	"MobileTranscoder":    {"Mobile Transcoder", "mobilephone", "Mobile Transcoder"},
	"Nintendo3DS":         {"Nintendo 3DS", "appliance", "Nintendo 3DS"},
	"NintendoDSi":         {"Nintendo DSi", "appliance", "Nintendo DSi"},
	"NintendoWii":         {"Nintendo Wii", "appliance", "Nintendo Wii"},
	"NintendoWiiU":        {"Nintendo Wii U", "appliance", "Nintendo Wii U"},
	"PSP":                 {"PlayStation Portable", "appliance", "PlayStation Portable"},
	"PSVita":              {"PlayStation Vita", "appliance", "PlayStation Vita"},
	"PS3":                 {"PlayStation 3", "appliance", "PlayStation 3"},
	"PS4":                 {"PlayStation 4", "appliance", "PlayStation 4"},
	"Xbox360":             {"Xbox 360", "appliance", "Xbox 360"},
	"XboxOne":             {"Xbox One", "appliance", "Xbox One"},
	"DigitalTV":           {"InternetTVBrowser", "appliance", "DigitalTV"},
	"SafariRSSReader":     {"Safari RSSReader", "misc", ""},
	"GoogleDesktop":       {"Google Desktop", "misc", ""},
	"WindowsRSSReader":    {"Windows RSSReader", "misc", ""},
	"VariousRSSReader":    {"RSSReader", "misc", ""},
	"HTTPLibrary":         {"HTTP Library", "misc", ""},
	"GoogleBot":           {"Googlebot", "crawler", ""},
	"GoogleBotMobile":     {"Googlebot Mobile", "crawler", ""},
	"GoogleMediaPartners": {"Google Mediapartners", "crawler", ""},
	"GoogleFeedFetcher":   {"Google Feedfetcher", "crawler", ""},
	"GoogleAppEngine":     {"Google AppEngine", "crawler", ""},
	"GoogleWebPreview":    {"Google Web Preview", "crawler", ""},
	"YahooSlurp":          {"Yahoo! Slurp", "crawler", ""},
	"YahooJP":             {"Yahoo! Japan", "crawler", ""},
	"YahooPipes":          {"Yahoo! Pipes", "crawler", ""},
	"Baiduspider":         {"Baiduspider", "crawler", ""},
	"msnbot":              {"msnbot", "crawler", ""},
	"bingbot":             {"bingbot", "crawler", ""},
	"BingPreview":         {"BingPreview", "crawler", ""},
	"Yeti":                {"Naver Yeti", "crawler", ""},
	"FeedBurner":          {"Google FeedBurner", "crawler", ""},
	"facebook":            {"facebook", "crawler", ""},
	"twitter":             {"twitter", "crawler", ""},
	"trendictionbot":      {"trendiction", "crawler", ""},
	"mixi":                {"mixi", "crawler", ""},
	"IndyLibrary":         {"Indy Library", "crawler", ""},
	"ApplePubSub":         {"Apple iCloud", "crawler", ""},
	"Genieo":              {"Genieo Web Filter", "crawler", ""},
	"topsyButterfly":      {"topsy Butterfly", "crawler", ""},
	"rogerbot":            {"SeoMoz rogerbot", "crawler", ""},
	"AhrefsBot":           {"ahref AhrefsBot", "crawler", ""},
	"radian6":             {"salesforce radian6", "crawler", ""},
	"Hatena":              {"Hatena", "crawler", ""},
	"goo":                 {"goo", "crawler", ""},
	"livedoorFeedFetcher": {"livedoor FeedFetcher", "crawler", ""},
	"VariousCrawler":      {"misc crawler", "crawler", ""},
	"AdsBotGoogleMobile":  {"AdsBot-Google-Mobile", "crawler", ""},
	"AdsBotGoogle":        {"AdsBot-Google", "crawler", ""},
}

var (
	wtChrome         = regexp.MustCompile(`(?:Chrome|CrMo|CriOS)/([.0-9]+)`)
	wtDocomo         = regexp.MustCompile(`DoCoMo/[.0-9]+[ /]([^- /;()"']+)`)
	wtVivaldi        = regexp.MustCompile(`Vivaldi/([.0-9]+)`)
	wtFirefox        = regexp.MustCompile(`Firefox/([.0-9]+)`)
	wtFirefoxOS      = regexp.MustCompile(`^Mozilla/[.0-9]+ \((?:Mobile|Tablet);(?:.*;)? rv:([.0-9]+)\) Gecko/[.0-9]+ Firefox/[.0-9]+$`)
	wtFirefoxIOS     = regexp.MustCompile(`FxiOS/([.0-9]+)`)
	wtFoma           = regexp.MustCompile(`\(([^;)]+);FOMA;`)
	wtJig            = regexp.MustCompile(`jig browser[^;]+; ([^);]+)`)
	wtKDDI           = regexp.MustCompile(`KDDI-([^- /;()"']+)`)
	wtMaybeRSS       = regexp.MustCompile(`(?i)rss(?:reader|bar|[-_ /;()]|[ +]*/)`)
	wtMaybeCrawler   = regexp.MustCompile(`(?i)(?:bot|crawler|spider)(?:[-_ ./;@()]|$)`)
	wtMaybeFeed      = regexp.MustCompile(`(?i)(?:feed|web) ?parser`)
	wtMaybeWatchdog  = regexp.MustCompile(`(?i)watch ?dog`)
	wtEdge           = regexp.MustCompile(`(?:Edge|Edg|EdgiOS|EdgA)/([.0-9]+)`)
	wtMSIE           = regexp.MustCompile(`MSIE ([.0-9]+);`)
	wtVersion        = regexp.MustCompile(`Version/([.0-9]+)`)
	wtOpera2         = regexp.MustCompile(`Opera[/ ]([.0-9]+)`)
	wtOPR            = regexp.MustCompile(`OPR/([.0-9]+)`)
	wtGSA            = regexp.MustCompile(`GSA/([.0-9]+)`)
	wtSoftbank       = regexp.MustCompile(`(?:SoftBank|Vodafone|J-PHONE)/[.0-9]+/([^ /;()]+)`)
	wtTrident        = regexp.MustCompile(`Trident/([.0-9]+);`)
	wtTridentVersion = regexp.MustCompile(` rv:([.0-9]+)`)
	wtIEMobile       = regexp.MustCompile(`IEMobile/([.0-9]+);`)
	wtWillcom        = regexp.MustCompile(`(?:WILLCOM|DDIPOCKET);[^/]+/([^ /;()]+)`)
	wtWindows        = regexp.MustCompile(`Windows ([ .a-zA-Z0-9]+)[;\\)]`)
	wtWinPhone       = regexp.MustCompile(`^Phone(?: OS)? ([.0-9]+)`)
	wtWebview        = regexp.MustCompile(`iP(hone;|ad;|od) .*like Mac OS X`)
	wtPPC            = regexp.MustCompile(`rv:(\d+\.\d+\.\d+)`)
	wtFreeBSD        = regexp.MustCompile(`FreeBSD ([^;\)]+);`)
	wtChromeOS       = regexp.MustCompile(`CrOS ([^\)]+)\)`)
	wtAndroid        = regexp.MustCompile(`Android[- ](\d+(?:\.\d+(?:\.\d+)?)?)`)
	wtPSP            = regexp.MustCompile(`PSP \(PlayStation Portable\); ([.0-9]+)\)`)
	wtPS3            = regexp.MustCompile(`PLAYSTATION 3;? ([.0-9]+)\)`)
	wtPSVita         = regexp.MustCompile(`PlayStation Vita ([.0-9]+)\)`)
	wtPS4            = regexp.MustCompile(`PlayStation 4 ([.0-9]+)\)`)
	wtBB10           = regexp.MustCompile(`BB10(?:.+)Version/([.0-9]+) `)
	wtBlackBerry     = regexp.MustCompile(`BlackBerry(?:\d+)/([.0-9]+) `)
	wtIOSVersion     = regexp.MustCompile(`; CPU(?: iPhone)? OS (\d+_\d+(?:_\d+)?) like Mac OS X`)
	wtOSXVersion     = regexp.MustCompile(`Mac OS X (10[._]\d+(?:[._]\d+)?)(?:\)|;)`)
	wtHTTPClient     = regexp.MustCompile(`^(?:Apache-HttpClient/|Jakarta Commons-HttpClient/|Java/)`)
	wtHTTPClient2    = regexp.MustCompile(`[- ]HttpClient(/|$)`)
	wtPHP            = regexp.MustCompile(`^(?:PHP|WordPress|CakePHP|PukiWiki|PECL::HTTP)(?:/| |$)`)
	wtPEAR           = regexp.MustCompile(`(?:PEAR HTTP_Request|HTTP_Request)(?: class|2)`)
	wtMaybeCrawler2  = regexp.MustCompile(`(?:Rome Client |UnwindFetchor/|ia_archiver |Summify |PostRank/)`)
	wtSamsung        = regexp.MustCompile(`SamsungBrowser/([.0-9]+)`)
	wtSleipnir       = regexp.MustCompile(`Sleipnir/([.0-9]+)`)
	wtYandex         = regexp.MustCompile(`YaBrowser/(\d+\.\d+\.\d+\.\d+)`)
)

// wtSub returns the first capture of re in s ("" without a match).
func wtSub(re *regexp.Regexp, s string) (string, bool) {
	m := re.FindStringSubmatch(s)
	if m == nil {
		return "", false
	}
	return m[1], true
}

// wootheeParse classifies an agent. ok is false when nothing matched (all
// fields are then unknown).
func wootheeParse(agent string) (wootheeResult, bool) {
	r := wootheeResult{wootheeUnknown, wootheeUnknown, wootheeUnknown, wootheeUnknown, wootheeUnknown}
	if agent == "" || agent == "-" {
		return r, true
	}
	switch {
	case r.tryCrawler(agent):
	case r.tryBrowser(agent):
		r.tryOS(agent)
	case r.tryMobilephone(agent), r.tryAppliance(agent), r.tryMisc(agent), r.tryOS(agent), r.tryRare(agent):
	default:
		return wootheeResult{}, false
	}
	return r, true
}

// populate copies a dataset entry's non-empty fields.
func (r *wootheeResult) populate(label string) bool {
	e, ok := wootheeData[label]
	if !ok {
		return false
	}
	if e.name != "" {
		r.name = e.name
	}
	if e.category != "" {
		r.category = e.category
	}
	if e.os != "" {
		r.os = e.os
	}
	return true
}

// setOS sets category and OS name from an OS entry (whose name is the OS).
func (r *wootheeResult) setOS(label string) bool {
	e, ok := wootheeData[label]
	if !ok {
		return false
	}
	r.category, r.os = e.category, e.name
	return true
}

// setOSField sets category and the entry's os field (phones, appliances).
func (r *wootheeResult) setOSField(label string) bool {
	e, ok := wootheeData[label]
	if !ok {
		return false
	}
	r.category, r.os = e.category, e.os
	return true
}

func (r *wootheeResult) tryCrawler(a string) bool {
	return r.google(a) || r.crawlers(a)
}

func (r *wootheeResult) google(a string) bool {
	has := func(s string) bool { return strings.Contains(a, s) }
	if !has("Google") {
		return false
	}
	switch {
	case has("compatible; Googlebot"):
		if has("compatible; Googlebot-Mobile") {
			return r.populate("GoogleBotMobile")
		}
		return r.populate("GoogleBot")
	case has("compatible; AdsBot-Google-Mobile;"):
		return r.populate("AdsBotGoogleMobile")
	case strings.HasPrefix(a, "AdsBot-Google"):
		return r.populate("AdsBotGoogle")
	case has("Googlebot-Image/"):
		return r.populate("GoogleBot")
	case has("Mediapartners-Google") && (has("compatible; Mediapartners-Google") || a == "Mediapartners-Google"):
		return r.populate("GoogleMediaPartners")
	case has("Feedfetcher-Google;"):
		return r.populate("GoogleFeedFetcher")
	case has("AppEngine-Google"):
		return r.populate("GoogleAppEngine")
	case has("Google Web Preview"):
		return r.populate("GoogleWebPreview")
	}
	return false
}

func (r *wootheeResult) crawlers(a string) bool {
	has := func(s string) bool { return strings.Contains(a, s) }
	if has("Yahoo") || has("help.yahoo.co.jp/help/jp/") || has("listing.yahoo.co.jp/support/faq/") {
		switch {
		case has("compatible; Yahoo! Slurp"):
			return r.populate("YahooSlurp")
		case has("YahooFeedSeekerJp") || has("YahooFeedSeekerBetaJp") ||
			has("crawler (http://listing.yahoo.co.jp/support/faq/") ||
			has("crawler (http://help.yahoo.co.jp/help/jp/") ||
			has("Y!J-BRZ/YATSHA crawler") || has("Y!J-BRY/YATSH crawler"):
			return r.populate("YahooJP")
		case has("Yahoo Pipes"):
			return r.populate("YahooPipes")
		}
	}
	switch {
	case has("msnbot"):
		return r.populate("msnbot")
	case has("bingbot") && has("compatible; bingbot"):
		return r.populate("bingbot")
	case has("BingPreview"):
		return r.populate("BingPreview")
	case has("Baidu") && (has("compatible; Baiduspider") || has("Baiduspider+") || has("Baiduspider-image+")):
		return r.populate("Baiduspider")
	case has("Yeti") && (has("http://help.naver.com/robots") || has("http://help.naver.com/support/robots.html") || has("http://naver.me/bot")):
		return r.populate("Yeti")
	case has("FeedBurner/"):
		return r.populate("FeedBurner")
	case has("facebookexternalhit"):
		return r.populate("facebook")
	case has("Twitterbot/"):
		return r.populate("twitter")
	case has("ichiro") && (has("http://help.goo.ne.jp/door/crawler.html") || has("compatible; ichiro/mobile goo;")):
		return r.populate("goo")
	case has("gooblogsearch/"):
		return r.populate("goo")
	case has("Apple-PubSub"):
		return r.populate("ApplePubSub")
	case has("(www.radian6.com/crawler)"):
		return r.populate("radian6")
	case has("Genieo/"):
		return r.populate("Genieo")
	case has("labs.topsy.com/butterfly/"):
		return r.populate("topsyButterfly")
	case has("rogerbot/1.0 (http://www.seomoz.org/dp/rogerbot"):
		return r.populate("rogerbot")
	case has("compatible; AhrefsBot/"):
		return r.populate("AhrefsBot")
	case has("livedoor FeedFetcher") || has("Fastladder FeedFetcher"):
		return r.populate("livedoorFeedFetcher")
	case has("Hatena Antenna") || has("Hatena Pagetitle Agent") || has("Hatena Diary RSS"):
		return r.populate("Hatena")
	case has("mixi-check") || has("mixi-crawler") || has("mixi-news-crawler"):
		return r.populate("mixi")
	case has("Indy Library") && has("compatible; Indy Library"):
		return r.populate("IndyLibrary")
	case has("trendictionbot"):
		return r.populate("trendictionbot")
	}
	return false
}

func (r *wootheeResult) tryBrowser(a string) bool {
	return r.msie(a) || r.edge(a) || r.versioned(a, wtVivaldi, "Vivaldi") || r.versioned(a, wtFirefoxIOS, "Firefox") ||
		r.yandex(a) || r.samsung(a) || r.safariChrome(a) || r.firefox(a) || r.opera(a) || r.webview(a)
}

func (r *wootheeResult) msie(a string) bool {
	if !strings.Contains(a, "compatible; MSIE") && !strings.Contains(a, "Trident/") && !strings.Contains(a, "IEMobile") {
		return false
	}
	if v, ok := wtSub(wtMSIE, a); ok {
		r.version = v
	} else if wtTrident.MatchString(a) {
		if v, ok := wtSub(wtTridentVersion, a); ok {
			r.version = v
		} else {
			r.version = wootheeUnknown
		}
	} else if v, ok := wtSub(wtIEMobile, a); ok {
		r.version = v
	} else {
		r.version = wootheeUnknown
	}
	return r.populate("MSIE")
}

func (r *wootheeResult) edge(a string) bool {
	return r.versioned(a, wtEdge, "Edge")
}

// versioned matches re, takes its capture as the version and applies label.
func (r *wootheeResult) versioned(a string, re *regexp.Regexp, label string) bool {
	v, ok := wtSub(re, a)
	if !ok {
		return false
	}
	r.version = v
	return r.populate(label)
}

func (r *wootheeResult) yandex(a string) bool {
	if !strings.Contains(a, "YaBrowser/") {
		return false
	}
	return r.versioned(a, wtYandex, "YaBrowser")
}

func (r *wootheeResult) samsung(a string) bool {
	if !strings.Contains(a, "SamsungBrowser/") {
		return false
	}
	v, ok := wtSub(wtSamsung, a)
	if !ok {
		v = wootheeUnknown
	}
	r.populate("SamsungBrowser")
	r.version = v
	return true
}

func (r *wootheeResult) safariChrome(a string) bool {
	if strings.Contains(a, "Chrome") && strings.Contains(a, "wv") {
		return false
	}
	if !strings.Contains(a, "Safari/") {
		return false
	}
	if wtChrome.MatchString(a) {
		if v, ok := wtSub(wtOPR, a); ok {
			if !r.populate("Opera") {
				return false
			}
			if v != "" {
				r.version = v
			}
			return true
		}
		if !r.populate("Chrome") {
			return false
		}
		if v, _ := wtSub(wtChrome, a); v != "" {
			r.version = v
		}
		return true
	}
	version, ok := wtSub(wtVersion, a)
	if !ok {
		version = wootheeUnknown
	}
	if strings.Contains(a, "GSA") {
		if v, ok := wtSub(wtGSA, a); ok {
			r.version = v
			return r.populate("GSA")
		}
	}
	if !r.populate("Safari") {
		return false
	}
	r.version = version
	return true
}

func (r *wootheeResult) firefox(a string) bool {
	if !strings.Contains(a, "Firefox/") {
		return false
	}
	v, ok := wtSub(wtFirefox, a)
	if !ok {
		v = wootheeUnknown
	}
	if !r.populate("Firefox") {
		return false
	}
	r.version = v
	return true
}

func (r *wootheeResult) opera(a string) bool {
	if !strings.Contains(a, "Opera") {
		return false
	}
	v, ok := wtSub(wtVersion, a)
	if !ok {
		if v, ok = wtSub(wtOpera2, a); !ok {
			v = wootheeUnknown
		}
	}
	if !r.populate("Opera") {
		return false
	}
	r.version = v
	return true
}

func (r *wootheeResult) webview(a string) bool {
	version, ok := wtSub(wtVersion, a)
	if !ok {
		version = wootheeUnknown
	}
	if strings.Contains(a, "Chrome") && strings.Contains(a, "wv") {
		r.version = version
		r.populate("Webview")
		return true
	}
	if !wtWebview.MatchString(a) || strings.Contains(a, "Safari/") {
		return false
	}
	if !r.populate("Webview") {
		return false
	}
	if v, _ := wtSub(wtVersion, a); v != "" {
		r.version = v
	}
	return true
}

func (r *wootheeResult) tryMobilephone(a string) bool {
	return r.docomo(a) || r.au(a) || r.softbank(a) || r.willcom(a) || r.miscMobilephone(a)
}

// phone applies label when the agent has one of marks, with the version
// from re (unknown without a match).
func (r *wootheeResult) phone(a string, marks []string, re *regexp.Regexp, label string) bool {
	found := false
	for _, m := range marks {
		found = found || strings.Contains(a, m)
	}
	if !found {
		return false
	}
	v, ok := wtSub(re, a)
	if !ok {
		v = wootheeUnknown
	}
	if !r.populate(label) {
		return false
	}
	r.version = v
	return true
}

func (r *wootheeResult) docomo(a string) bool {
	if !strings.Contains(a, "DoCoMo") && !strings.Contains(a, ";FOMA;") {
		return false
	}
	v, ok := wtSub(wtDocomo, a)
	if !ok {
		if v, ok = wtSub(wtFoma, a); !ok {
			v = wootheeUnknown
		}
	}
	if !r.populate("docomo") {
		return false
	}
	r.version = v
	return true
}

func (r *wootheeResult) au(a string) bool {
	return r.phone(a, []string{"KDDI-"}, wtKDDI, "au")
}

func (r *wootheeResult) softbank(a string) bool {
	return r.phone(a, []string{"SoftBank", "Vodafone", "J-PHONE"}, wtSoftbank, "SoftBank")
}

func (r *wootheeResult) willcom(a string) bool {
	return r.phone(a, []string{"WILLCOM", "DDIPOCKET"}, wtWillcom, "willcom")
}

func (r *wootheeResult) miscMobilephone(a string) bool {
	has := func(s string) bool { return strings.Contains(a, s) }
	switch {
	case has("jig browser"):
		if !r.populate("jig") {
			return false
		}
		if v, ok := wtSub(wtJig, a); ok {
			r.version = v
		}
		return true
	case has("emobile/") || has("OpenBrowser") || has("Browser/Obigo-Browser"):
		return r.populate("emobile")
	case has("SymbianOS"):
		return r.populate("SymbianOS")
	case has("Hatena-Mobile-Gateway/"):
		if !r.populate("MobileTranscoder") {
			return false
		}
		r.version = "Hatena"
		return true
	case has("livedoor-Mobile-Gateway/"):
		if !r.populate("MobileTranscoder") {
			return false
		}
		r.version = "livedoor"
		return true
	}
	return false
}

func (r *wootheeResult) tryAppliance(a string) bool {
	return r.playstation(a) || r.nintendo(a) || (strings.Contains(a, "InettvBrowser/") && r.populate("DigitalTV"))
}

func (r *wootheeResult) playstation(a string) bool {
	var label, osVersion string
	switch {
	case strings.Contains(a, "PSP (PlayStation Portable)"):
		label = "PSP"
		osVersion, _ = wtSub(wtPSP, a)
	case strings.Contains(a, "PlayStation Vita"):
		label = "PSVita"
		osVersion, _ = wtSub(wtPSVita, a)
	case strings.Contains(a, "PLAYSTATION 3 ") || strings.Contains(a, "PLAYSTATION 3;"):
		label = "PS3"
		osVersion, _ = wtSub(wtPS3, a)
	case strings.Contains(a, "PlayStation 4 "):
		label = "PS4"
		osVersion, _ = wtSub(wtPS4, a)
	default:
		return false
	}
	if !r.populate(label) {
		return false
	}
	if osVersion != "" {
		r.osVersion = osVersion
	}
	return true
}

func (r *wootheeResult) nintendo(a string) bool {
	switch {
	case strings.Contains(a, "Nintendo 3DS;"):
		return r.populate("Nintendo3DS")
	case strings.Contains(a, "Nintendo DSi;"):
		return r.populate("NintendoDSi")
	case strings.Contains(a, "Nintendo Wii;"):
		return r.populate("NintendoWii")
	case strings.Contains(a, "(Nintendo WiiU)"):
		return r.populate("NintendoWiiU")
	}
	return false
}

func (r *wootheeResult) tryMisc(a string) bool {
	switch {
	case strings.Contains(a, "AppleSyndication/"):
		return r.populate("SafariRSSReader")
	case strings.Contains(a, "compatible; Google Desktop/"):
		return r.populate("GoogleDesktop")
	case strings.Contains(a, "Windows-RSS-Platform"):
		return r.populate("WindowsRSSReader")
	}
	return false
}

func (r *wootheeResult) tryOS(a string) bool {
	return r.windows(a) || r.osx(a) || r.linux(a) || r.smartphone(a) || r.mobilephoneOS(a) || r.applianceOS(a) || r.miscOS(a)
}

// wootheeWindows maps the "Windows <version>" token to its dataset label.
var wootheeWindows = map[string]string{
	"NT 10.0": "Win10", "NT 6.3": "Win8.1", "NT 6.2": "Win8", "NT 6.1": "Win7", "NT 6.0": "WinVista",
	"NT 5.1": "WinXP", "NT 5.0": "Win2000", "NT 4.0": "WinNT4", "98": "Win98", "95": "Win95", "CE": "WinCE",
}

func (r *wootheeResult) windows(a string) bool {
	if !strings.Contains(a, "Windows") {
		return false
	}
	if strings.Contains(a, "Xbox") {
		if strings.Contains(a, "Xbox; Xbox One)") {
			return r.populate("XboxOne")
		}
		return r.populate("Xbox360")
	}
	version, ok := wtSub(wtWindows, a)
	if !ok {
		return r.setOS("Win")
	}
	label, known := wootheeWindows[version]
	if !known {
		v, ok := wtSub(wtWinPhone, version)
		if !ok {
			return false
		}
		label, version = "WinPhone", v
	}
	if !r.setOS(label) {
		return false
	}
	if version != "" {
		r.osVersion = version
	}
	return true
}

func (r *wootheeResult) osx(a string) bool {
	if !strings.Contains(a, "Mac OS X") {
		return false
	}
	label := "OSX"
	var version string
	if strings.Contains(a, "like Mac OS X") {
		switch {
		case strings.Contains(a, "iPhone;"):
			label = "iPhone"
		case strings.Contains(a, "iPad;"):
			label = "iPad"
		case strings.Contains(a, "iPod"):
			label = "iPod"
		}
		version, _ = wtSub(wtIOSVersion, a)
	} else {
		version, _ = wtSub(wtOSXVersion, a)
	}
	if !r.setOS(label) {
		return false
	}
	if version != "" {
		r.osVersion = strings.ReplaceAll(version, "_", ".")
	}
	return true
}

func (r *wootheeResult) linux(a string) bool {
	if !strings.Contains(a, "Linux") {
		return false
	}
	label, version := "Linux", ""
	if strings.Contains(a, "Android") {
		label = "Android"
		version, _ = wtSub(wtAndroid, a)
	}
	if !r.setOS(label) {
		return false
	}
	if version != "" {
		r.osVersion = version
	}
	return true
}

func (r *wootheeResult) smartphone(a string) bool {
	label, version := "", ""
	switch {
	case strings.Contains(a, "iPhone"):
		label = "iPhone"
	case strings.Contains(a, "iPad"):
		label = "iPad"
	case strings.Contains(a, "iPod"):
		label = "iPod"
	case strings.Contains(a, "Android"):
		label = "Android"
		version, _ = wtSub(wtAndroid, a)
	case strings.Contains(a, "CFNetwork"):
		label = "iOS"
	case strings.Contains(a, "BB10"):
		label = "BlackBerry10"
		version, _ = wtSub(wtBB10, a)
		r.version = wootheeUnknown
	case strings.Contains(a, "BlackBerry"):
		label = "BlackBerry"
		version, _ = wtSub(wtBlackBerry, a)
	}
	if r.name == wootheeData["Firefox"].name {
		// Firefox OS: "Mozilla/5.0 (Mobile; rv:18.0) Gecko/18.0 Firefox/18.0".
		if v, ok := wtSub(wtFirefoxOS, a); ok {
			label, version = "FirefoxOS", v
		}
	}
	if label == "" || !r.setOS(label) {
		return false
	}
	if version != "" {
		r.osVersion = version
	}
	return true
}

func (r *wootheeResult) mobilephoneOS(a string) bool {
	if strings.Contains(a, "KDDI-") {
		if term, ok := wtSub(wtKDDI, a); ok {
			if !r.setOSField("au") {
				return false
			}
			r.version = term
			return true
		}
	}
	if strings.Contains(a, "WILLCOM") || strings.Contains(a, "DDIPOCKET") {
		if term, ok := wtSub(wtWillcom, a); ok {
			if !r.setOSField("willcom") {
				return false
			}
			r.version = term
			return true
		}
	}
	if strings.Contains(a, "SymbianOS") {
		return r.setOSField("SymbianOS")
	}
	// Transcoders are recorded but, as upstream, do not end the search.
	if strings.Contains(a, "Google Wireless Transcoder") && r.populate("MobileTranscoder") {
		r.version = "Google"
	}
	if strings.Contains(a, "Naver Transcoder") && r.populate("MobileTranscoder") {
		r.version = "Naver"
	}
	return false
}

func (r *wootheeResult) applianceOS(a string) bool {
	switch {
	case strings.Contains(a, "Nintendo DSi;"):
		return r.setOSField("NintendoDSi")
	case strings.Contains(a, "Nintendo Wii;"):
		return r.setOSField("NintendoWii")
	}
	return false
}

func (r *wootheeResult) miscOS(a string) bool {
	var label string
	switch {
	case strings.Contains(a, "(Win98;"):
		r.osVersion = "98"
		label = "Win98"
	case strings.Contains(a, "Macintosh; U; PPC;") || strings.Contains(a, "Mac_PowerPC"):
		if v, ok := wtSub(wtPPC, a); ok {
			r.osVersion = v
		}
		label = "MacOS"
	case strings.Contains(a, "X11; FreeBSD "):
		if v, ok := wtSub(wtFreeBSD, a); ok {
			r.osVersion = v
		}
		label = "BSD"
	case strings.Contains(a, "X11; CrOS "):
		if v, ok := wtSub(wtChromeOS, a); ok {
			r.osVersion = v
		}
		label = "ChromeOS"
	default:
		return false
	}
	return r.setOS(label)
}

func (r *wootheeResult) tryRare(a string) bool {
	if strings.Contains(a, "CFNetwork/") {
		// Like an iPhone, but only the category and OS are known.
		return r.setOS("iOS")
	}
	if strings.Contains(a, "Sleipnir/") {
		v, ok := wtSub(wtSleipnir, a)
		if !ok {
			v = wootheeUnknown
		}
		r.populate("Sleipnir")
		if !r.setOS("Win") {
			return false
		}
		r.version = v
		return true
	}
	if r.httpLibrary(a) {
		return true
	}
	if wtMaybeRSS.MatchString(a) || strings.Contains(strings.ToLower(a), "headline-reader") || strings.Contains(a, "cococ/") {
		return r.populate("VariousRSSReader")
	}
	if wtMaybeCrawler.MatchString(a) || wtMaybeCrawler2.MatchString(a) || strings.Contains(a, "ASP-Ranker Feed Crawler") ||
		wtMaybeFeed.MatchString(a) || wtMaybeWatchdog.MatchString(a) {
		return r.populate("VariousCrawler")
	}
	return false
}

func (r *wootheeResult) httpLibrary(a string) bool {
	prefix := func(ps ...string) bool {
		for _, p := range ps {
			if strings.HasPrefix(a, p) {
				return true
			}
		}
		return false
	}
	var v string
	switch {
	case wtHTTPClient.MatchString(a) || wtHTTPClient2.MatchString(a) || strings.Contains(a, "Java(TM) 2 Runtime Environment,"):
		v = "Java"
	case prefix("Wget/"):
		v = "wget"
	case prefix("libwww-perl", "WWW-Mechanize", "LWP::Simple", "LWP ", "lwp-trivial"):
		v = "perl"
	case prefix("Ruby", "feedzirra", "Typhoeus"):
		v = "ruby"
	case prefix("Python-urllib/", "Twisted "):
		v = "python"
	case wtPHP.MatchString(a) || wtPEAR.MatchString(a):
		v = "php"
	case prefix("curl/"):
		v = "curl"
	default:
		return false
	}
	if !r.populate("HTTPLibrary") {
		return false
	}
	r.version = v
	return true
}
