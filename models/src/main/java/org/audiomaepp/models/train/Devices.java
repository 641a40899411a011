package org.audiomaepp.models.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.audiomaepp.models.BadConfigException;

/**
 * The one syntax for devices, on every command, stage and config: {@code cpu}, {@code gpu}
 * (= gpu:0) or {@code gpu:N}, where N counts the GPUs this process sees (with
 * {@code CUDA_VISIBLE_DEVICES=3} the only visible GPU is gpu:0). The harness parses names here and
 * hands the DJL {@link Device} to whichever module runs the work (the probe receives a Device, not
 * a name), so no other module parses device names.
 */
public final class Devices {

    private static final Pattern GPU = Pattern.compile("gpu(?::(\\d{1,4}))?");

    /** How the syntax reads in help texts and error messages. */
    public static final String SYNTAX = "cpu, gpu or gpu:N";

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
        throw new BadConfigException("device '" + name + "' is not a device: use " + SYNTAX + " (e.g. gpu:1)");
    }

    /** {@link #parse}, and a {@link BadConfigException} if the engine cannot see that device. */
    public static Device available(String name) {
        Device device = parse(name);
        // asking the engine for GPUs loads it: do so only when a GPU is asked for
        return device.isGpu() ? available(name, Engine.getInstance().getGpuCount()) : device;
    }

    /**
     * {@link #parse}, checked against {@code visibleGpus} GPUs: a GPU the process cannot see is a
     * {@link BadConfigException} that says how to fix it.
     */
    public static Device available(String name, int visibleGpus) {
        Device device = parse(name);
        if (device.isGpu() && device.getDeviceId() >= visibleGpus) {
            String visible = System.getenv("CUDA_VISIBLE_DEVICES");
            throw new BadConfigException("device " + name.trim() + " is not visible: this process sees " + visibleGpus
                    + " GPU(s)" + (visibleGpus > 0 ? " (gpu:0 to gpu:" + (visibleGpus - 1) + ")" : "")
                    + ". Build with -Pcuda (mvn -B -Pcuda -DskipTests package) for the CUDA engine, check "
                    + "CUDA_VISIBLE_DEVICES (" + (visible == null ? "unset" : "'" + visible + "'")
                    + "; GPU ids count the visible GPUs only), or use --device cpu");
        }
        return device;
    }
}
