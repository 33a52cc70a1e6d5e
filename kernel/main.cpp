// Placeholder until the kernel is wired together.
int main() { return 0; }
