package org.audiomaepp.models.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.audiomaepp.models.BadConfigException;

/** Device names on the command line and in configs: {@code cpu}, {@code gpu} (= gpu:0), {@code gpu:N}. */
public final class Devices {

    private static final Pattern GPU = Pattern.compile("gpu(?::(\\d{1,4}))?");

    private Devices() {}

    /** The DJL device a name stands for; anything else is a {@link BadConfigException}. */
    public static Device parse(String name) {
        String s = name == null ? "" : name.trim().toLowerCase(java.util.Locale.ROOT);
        if (s.equals("cpu")) {
            return Device.cpu();
        }
        Matcher m = GPU.matcher(s);
        if (m.matches()) {
            return Device.gpu(m.group(1) == null ? 0 : Integer.parseInt(m.group(1)));
        }
        throw new BadConfigException("device '" + name + "' is not a device: use cpu, gpu or gpu:N (e.g. gpu:1)");
    }

    /** {@link #parse}, and a {@link BadConfigException} if the engine cannot see that device. */
    public static Device available(String name) {
        Device device = parse(name);
        int gpus = Engine.getInstance().getGpuCount();
        if (device.isGpu() && device.getDeviceId() >= gpus) {
            throw new BadConfigException("device " + name + " is not available: the engine sees " + gpus
                    + " GPU(s)" + (gpus == 0 ? " (is this the CPU build? build with -Pcuda for CUDA)" : "")
                    + "; use --device cpu" + (gpus > 0 ? " or gpu:0 to gpu:" + (gpus - 1) : ""));
        }
        return device;
    }
}
