package build

// ManifestFile is the manifest's name in the output directory.
const ManifestFile = "manifest.json"

// Manifest is <out>/manifest.json: what `matano deploy` uploads and which
// key each Lambda's code has. It holds no paths, times or host details,
// so two builds of the same directory give byte-identical manifests.
type Manifest struct {
	FormatVersion int    `json:"format_version"`
	ProjectLabel  string `json:"project_label"`
	Arch          string `json:"arch"`
	// Assets are sorted by name: "bootstrap", "detections".
	Assets []ManifestAsset `json:"assets"`
	// Templates are sorted by name: "pipeline", "storage".
	Templates []ManifestTemplate `json:"templates"`
}

// ManifestAsset is one zip under <out>/assets/.
type ManifestAsset struct {
	Name string `json:"name"`
	// Key is the object key in the asset bucket and the file's path under
	// the output directory: assets/<sha256>.zip.
	Key    string `json:"key"`
	SHA256 string `json:"sha256"` // hex, of the zip
	Size   int64  `json:"size"`   // bytes of the zip
	// UnzippedSize is what Lambda counts against its 250 MB limit.
	UnzippedSize int64 `json:"unzipped_size"`
}

// ManifestTemplate is one CloudFormation template in the output directory.
type ManifestTemplate struct {
	Name   string `json:"name"`  // "storage", "pipeline"
	File   string `json:"file"`  // matano-storage.json, relative to the output directory
	Stack  string `json:"stack"` // <project_label>-<name>
	SHA256 string `json:"sha256"`
	Size   int64  `json:"size"`
}

// Asset finds an asset by name.
func (m *Manifest) Asset(name string) (ManifestAsset, bool) {
	for _, a := range m.Assets {
		if a.Name == name {
			return a, true
		}
	}
	return ManifestAsset{}, false
}
