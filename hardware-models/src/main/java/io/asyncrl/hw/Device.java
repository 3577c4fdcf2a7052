package io.asyncrl.hw;

/**
 * An accelerator type. Bandwidths are in GB/s (10^9 bytes/s), memory in GiB, compute in dense BF16 TFLOP/s.
 *
 * @param name catalog name, e.g. {@code h800-sxm}
 * @param bf16Tflops peak dense BF16 TFLOP/s
 * @param hbmGib device memory in GiB
 * @param hbmGBps memory bandwidth in GB/s
 * @param intraNodeGBps per-device bandwidth to peers in the same node (NVLink, HCCS, ICI) in GB/s
 * @param interNodeGBps per-device bandwidth to other nodes (IB/RoCE) in GB/s
 * @param devicesPerNode devices in one node (8 for HGX, 16 for Ascend 910B pods)
 */
public record Device(
        String name,
        double bf16Tflops,
        double hbmGib,
        double hbmGBps,
        double intraNodeGBps,
        double interNodeGBps,
        int devicesPerNode) {

    public double hbmBytes() {
        return hbmGib * 1024d * 1024d * 1024d;
    }
}
