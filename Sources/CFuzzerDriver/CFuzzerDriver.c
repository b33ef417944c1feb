// Declarations only: LLVMFuzzerRunDriver comes from libFuzzer when scripts/fuzz.sh links it.
