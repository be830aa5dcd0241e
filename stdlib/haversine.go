package stdlib

import (
	"math"

	"github.com/matano-go/matano/runtime/vrl/value"
)

const (
	haversineEarthRadiusKm    = 6_371_008.8 / 1000.0
	haversineEarthRadiusMiles = haversineEarthRadiusKm * 0.621_371_2
)

// haversinePi is π as a float64 variable, so the degree/radian factors
// are computed in float64 arithmetic as Rust's to_radians/to_degrees do
// (a Go constant expression would be rounded only once, at the end).
var haversinePi = math.Pi

// haversine returns the great-circle distance (rounded to 7 decimals, in
// kilometers or miles) and initial bearing (degrees, rounded to 3
// decimals) between two points given in degrees.
func init() {
	Register(&funcDef{
		ident: "haversine",
		params: []Param{
			reqParam("latitude1", value.BitFloat),
			reqParam("longitude1", value.BitFloat),
			reqParam("latitude2", value.BitFloat),
			reqParam("longitude2", value.BitFloat),
			optParam("measurement_unit", value.BitBytes),
		},
		compile: func(args *Args) (Call, error) {
			unit, err := enumArg(args, 4, "measurement_unit", []string{"kilometers", "miles"}, "kilometers")
			if err != nil {
				return nil, err
			}
			radius := haversineEarthRadiusKm
			if unit == "miles" {
				radius = haversineEarthRadiusMiles
			}
			kind := value.KindObjectOf(map[string]value.Kind{"distance": value.KindFloat, "bearing": value.KindFloat}, nil)
			return &funcCall{td: TypeDef{Kind: kind}, eval: func(_ *Context, args []value.Value, _ []bool) (value.Value, error) {
				rad := func(v value.Value) float64 { return v.Flt() * (haversinePi / 180) }
				lat1, lon1, lat2, lon2 := rad(args[0]), rad(args[1]), rad(args[2]), rad(args[3])
				dlon, dlat := lon2-lon1, lat2-lat1
				a := math.Pow(math.Sin(dlat/2), 2) + math.Cos(lat1)*math.Cos(lat2)*math.Pow(math.Sin(dlon/2), 2)
				distance := 2 * math.Asin(math.Sqrt(a))
				y := math.Sin(dlon) * math.Cos(lat2)
				x := math.Cos(lat1)*math.Sin(lat2) - math.Sin(lat1)*math.Cos(lat2)*math.Cos(dlon)
				bearing := math.Mod(math.Atan2(y, x)*(180/haversinePi)+360, 360)
				obj := value.NewObject(2)
				obj.Set("distance", haversineFloat(haversineRound(distance*radius, 7)))
				obj.Set("bearing", haversineFloat(haversineRound(bearing, 3)))
				return value.ObjectValue(obj), nil
			}}, nil
		},
	})
}

// haversineRound rounds half away from zero at the given decimal places
// (Rust's f64::round on the scaled value).
func haversineRound(f float64, places int) float64 {
	m := math.Pow(10, float64(places))
	return math.Round(f*m) / m
}

// haversineFloat maps NaN to 0.0 as upstream's from_f64_or_zero.
func haversineFloat(f float64) value.Value {
	if math.IsNaN(f) {
		return value.Float(0)
	}
	return value.Float(f)
}
