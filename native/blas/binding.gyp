{
  "variables": {
    "blas_library%": "openblas",
    "blas_header%": "cblas.h"
  },
  "targets": [
    {
      "target_name": "workbench_blas",
      "sources": ["blas.cc", "element-wise.h", "worker-pool.h"],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")"],
      "defines": ["NAPI_VERSION=8", "NODE_ADDON_API_DISABLE_DEPRECATED", "WORKBENCH_BLAS_HEADER=<(blas_header)"],
      "cflags!": ["-fno-exceptions"],
      "cflags_cc!": ["-fno-exceptions"],
      "cflags_cc": ["-O3", "-ffp-contract=off", "-fno-math-errno", "-fno-trapping-math"],
      "conditions": [
        ["OS=='mac'", {
          "libraries": ["-framework Accelerate"],
          "xcode_settings": { "GCC_ENABLE_CPP_EXCEPTIONS": "YES", "MACOSX_DEPLOYMENT_TARGET": "13.3" }
        }],
        ["OS=='linux'", {
          "include_dirs": ["/usr/include/openblas"],
          "libraries": ["-l<(blas_library)"]
        }],
        ["OS=='win'", {
          "libraries": ["<(blas_library).lib"],
          "msvs_settings": { "VCCLCompilerTool": { "ExceptionHandling": 1 } }
        }]
      ]
    }
  ]
}
