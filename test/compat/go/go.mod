module github.com/dapr-workflow-tui/compat-go

go 1.26.4

require github.com/dapr/go-sdk v1.15.0 // indirect
