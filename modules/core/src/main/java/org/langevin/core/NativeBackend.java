package org.langevin.core;

import org.bytedeco.javacpp.Loader;

/**
 * JavaCPP settings for ND4J's native library, applied before ND4J loads; an explicit -D on the command line wins.
 * The CPU build is ND4J's oneDNN variant (classifier linux-x86_64-onednn), which JavaCPP finds under the platform
 * extension "-onednn": its convolutions ran 4–10× faster than the plain build's for the U-Net (reports/digits), and
 * the MLP's products run through the same OpenBLAS either way.
 */
public final class NativeBackend {
    static final String EXTENSION = "org.bytedeco.javacpp.platform.extension";
    static final String MAX_PHYSICAL_BYTES = "org.bytedeco.javacpp.maxphysicalbytes";

    private NativeBackend() {}

    public static void configure() {
        // JavaCPP checks the process's resident memory on every native allocation unless this is 0: 11 % of a training
        // step's samples (reports/bench)
        if (System.getProperty(MAX_PHYSICAL_BYTES) == null) System.setProperty(MAX_PHYSICAL_BYTES, "0");
        String onednn = "/org/nd4j/linalg/cpu/nativecpu/bindings/" + Loader.getPlatform() + "-onednn/";
        if (System.getProperty(EXTENSION) == null && NativeBackend.class.getResource(onednn) != null) System.setProperty(EXTENSION, "-onednn");
        NativeMemory.watch();
    }
}
