package org.audiomaepp.harness.cli;

import java.io.PrintWriter;
import java.util.OptionalInt;
import org.audiomaepp.models.BadConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code harness} program: one command line with a subcommand per capability. */
@Command(
        name = "harness",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Pretrain masked autoencoders on log-mel spectrograms and evaluate them on HEAR tasks.",
        subcommands = {
            CommandLine.HelpCommand.class,
            FeaturesCommand.class,
            TasksCommand.class,
            SynthTasksCommand.class,
            ModelInfoCommand.class,
            PretrainCommand.class,
            ProbeCommand.class,
            RunCommand.class,
            PlanCommand.class,
            StatusCommand.class,
            JobCommand.class,
            ReportCommand.class,
            CheckCommand.class,
            ImportCommand.class,
            EmbedCommand.class,
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:everything asked for was done",
            "1:a job or a check failed",
            "2:bad usage or bad input (nothing was run)",
        })
public final class HarnessCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Builds the command line with the harness's exit-code and error conventions. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new HarnessCli());
        cl.setExitCodeExceptionMapper(HarnessCli::exitCodeFor);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            Throwable full = noSpace(ex);
            if (isUserError(ex)) {
                err.println("error: " + ex.getMessage());
            } else if (full != null) {
                err.println("error: " + org.audiomaepp.harness.store.Store.noSpaceMessage(full, java.nio.file.Path.of("")
                        .toAbsolutePath()));
            } else {
                err.println("internal error: " + ex);
                ex.printStackTrace(err);
            }
            err.flush();
            return exitCodeFor(ex);
        });
        return cl;
    }

    /** The "No space left on device" error in {@code ex}'s causes, or null. */
    private static Throwable noSpace(Throwable ex) {
        for (Throwable c = ex; c != null; c = c.getCause()) {
            if (c instanceof java.io.IOException && String.valueOf(c.getMessage())
                    .contains(org.audiomaepp.harness.store.Store.NO_SPACE)) {
                return c;
            }
        }
        return null;
    }

    static boolean isUserError(Throwable ex) {
        return ex instanceof org.audiomaepp.harness.BadInputException
                || ex instanceof org.audiomaepp.tasks.BadInputException
                || ex instanceof BadConfigException
                || ex instanceof CommandLine.ParameterException;
    }

    static int exitCodeFor(Throwable ex) {
        return isUserError(ex) ? ExitCodes.BAD_INPUT : ExitCodes.FAILED;
    }

    public static void main(String[] args) {
        OptionalInt relaunched;
        try {
            relaunched = EngineRelaunch.ifNeeded(args);
        } catch (org.audiomaepp.harness.BadInputException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(ExitCodes.BAD_INPUT);
            return;
        }
        System.exit(relaunched.isPresent() ? relaunched.getAsInt() : commandLine().execute(args));
    }
}
