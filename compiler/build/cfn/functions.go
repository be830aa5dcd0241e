package cfn

// function is one of Matano's Lambda functions.
type function struct {
	// key is the function's entry under matano.config.yml's lambda.
	key string
	// id prefixes the logical ids of the function's resources
	// (<id>Function, <id>Role, <id>LogGroup).
	id string
	// suffix names the function: <label>-<suffix>.
	suffix string
	// handler is MATANO_HANDLER for the Go functions; "" for Python.
	handler string
	// python marks the detections function (python3.12 runtime,
	// detections asset); the rest run the Go bootstrap on
	// provided.al2023.
	python            bool
	memoryMB, timeout int
	description       string
}

// functionCatalogue lists the functions with Matano's default sizes; a
// lambda.<key> setting in matano.config.yml overrides them.
//
// The transformer and maintenance get the most memory: they decode and
// write Parquet (maintenance rewrites whole partitions when compacting).
// Timeouts leave room for a slow object or a commit retried after
// conflicts, well inside Lambda's 900 s.
var functionCatalogue = []function{
	{key: "transformer", id: "Transformer", suffix: "transformer", handler: "transformer", memoryMB: 1024, timeout: 300,
		description: "Reads ingested objects, transforms them and stages Parquet files in the lake"},
	{key: "committer", id: "Committer", suffix: "committer", handler: "committer", memoryMB: 512, timeout: 300,
		description: "Commits staged data files to the Iceberg tables, one table per message group"},
	{key: "alert_writer", id: "AlertWriter", suffix: "alert-writer", handler: "alerts", memoryMB: 512, timeout: 120,
		description: "Groups detection matches into alerts, writes matano_alerts and notifies"},
	{key: "maintenance", id: "Maintenance", suffix: "maintenance", handler: "maintenance", memoryMB: 2048, timeout: 900,
		description: "Compacts the Iceberg tables and expires old snapshots on a schedule"},
	{key: "detections", id: "Detections", suffix: "detections", python: true, memoryMB: 1024, timeout: 120,
		description: "Runs the Python detections on normalised records"},
}

// fn returns the planned function with the given key.
func (p *plan) fn(key string) function {
	for _, f := range p.functions {
		if f.key == key {
			return f
		}
	}
	panic(generatorBug("no function " + key))
}

// visibilityTimeout is the visibility timeout of a queue feeding f: six
// times the function's timeout, as Lambda recommends for SQS event
// sources (it must be at least the timeout, and the margin covers
// retries and batching), within SQS's 12 hour maximum.
func visibilityTimeout(f function) int {
	v := 6 * f.timeout
	if v > 43200 {
		v = 43200
	}
	return v
}
