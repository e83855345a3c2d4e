// Package memory reads how much memory the machine lets this process use
// and reads and writes byte sizes such as "8GiB". Sizes are in bytes, int64;
// 1 GiB = 2³⁰ bytes, 1 GB = 10⁹ bytes.
package memory
