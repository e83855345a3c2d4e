module example.com/gouser

go 1.26.0

require github.com/exodus-sim/exodus v0.0.0

require (
	github.com/BurntSushi/toml v1.6.0 // indirect
	gonum.org/v1/gonum v0.17.0 // indirect
)

// A checkout of exodus beside this folder; delete this line to take the
// published module instead (go get github.com/exodus-sim/exodus@latest).
replace github.com/exodus-sim/exodus => ../..
