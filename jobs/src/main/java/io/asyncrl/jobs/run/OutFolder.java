package io.asyncrl.jobs.run;

import io.asyncrl.jobs.result.RunOutputs;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * One run per output folder. {@code asyncrl run --out DIR} claims DIR before anything starts: an
 * operating-system lock on {@code DIR/.asyncrl.lock}, which holds the owner's pid. A second run into
 * the same folder is refused with that pid (it would stop the first run's broker and delete its
 * state); the lock of a process that died goes with it, so the next run takes the folder over. A
 * folder that holds a finished run (summary.json, no interrupted state) is kept unless {@code --force}.
 * {@code report}, {@code compare}, {@code sweep} and {@code bench} claim their folder the same way before they run
 * ({@link #claimFor}): a folder with an earlier command's outputs is kept unless {@code --force}, so
 * neither minutes of simulation nor the earlier results are lost to a mistyped {@code --out}.
 */
public final class OutFolder implements AutoCloseable {
    public static final String LOCK = ".asyncrl.lock";

    private final Path lockFile;
    private final FileChannel channel;
    private final FileLock lock;

    private OutFolder(Path lockFile, FileChannel channel, FileLock lock) {
        this.lockFile = lockFile;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Claims {@code out} for this process.
     *
     * @param force replace a finished run's outputs
     * @throws Refused when out is a file, cannot be created, is in use, or holds a finished run
     */
    public static OutFolder claim(Path out, boolean force) {
        return claim(out, force, "run", List.of(RunOutputs.SUMMARY), true);
    }

    /**
     * Claims {@code out} for a command that writes {@code outputs} there and does not resume: refused as
     * {@link #claim} refuses, and when any of {@code outputs} is already there (unless {@code force}).
     */
    public static OutFolder claimFor(String command, Path out, boolean force, List<String> outputs) {
        return claim(out, force, command, outputs, false);
    }

    private static OutFolder claim(Path out, boolean force, String command, List<String> outputs, boolean resumes) {
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new Refused("--out " + out + " is a file; give a folder (it is created if missing)");
        }
        try {
            Files.createDirectories(out);
        } catch (IOException | SecurityException e) {
            throw new Refused("--out " + out + ": cannot create the folder (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + "); give a folder you can write to");
        }
        Path lockFile = out.resolve(LOCK);
        FileChannel channel;
        try {
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new Refused("--out " + out + ": cannot write there (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + "); give a folder you can write to");
        }
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        } catch (IOException e) {
            close(channel);
            throw new Refused("--out " + out + ": cannot lock " + lockFile + " (" + e.getMessage() + ")");
        }
        if (lock == null) {
            String owner = owner(lockFile);
            close(channel);
            throw new Refused("--out " + out + " is in use by another asyncrl " + command + " (pid " + owner
                    + "); wait for it to end, or give another --out");
        }
        try {
            String kept = force || (resumes && Files.exists(out.resolve(".asyncrl"))) ? null : firstPresent(out, outputs);
            if (kept != null) {
                boolean finishedRun = kept.equals(RunOutputs.SUMMARY);
                throw new Refused("--out " + out + " holds " + (finishedRun ? "a finished run" : "earlier outputs") + " ("
                        + kept + "); give --force to replace " + (finishedRun ? "it" : "them") + ", or another --out");
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(false);
        } catch (IOException | RuntimeException e) {
            if (e instanceof Refused) {
                // refused while holding the lock: the lock file goes as it does when a command ends (close)
                deleteQuietly(lockFile);
            }
            release(lock, channel);
            if (e instanceof Refused r) {
                throw r;
            }
            throw new Refused("--out " + out + ": cannot write " + lockFile + " (" + e.getMessage() + ")");
        }
        return new OutFolder(lockFile, channel, lock);
    }

    private static String firstPresent(Path out, List<String> files) {
        for (String f : files) {
            if (Files.exists(out.resolve(f))) {
                return f;
            }
        }
        return null;
    }

    /** The pid written in {@code lockFile}, or "unknown". */
    static String owner(Path lockFile) {
        try {
            String pid = Files.readString(lockFile, StandardCharsets.UTF_8).strip();
            return pid.isEmpty() ? "unknown" : pid;
        } catch (IOException e) {
            return "unknown";
        }
    }

    @Override
    public void close() {
        deleteQuietly(lockFile);
        release(lock, channel);
    }

    private static void deleteQuietly(Path lockFile) {
        try {
            Files.deleteIfExists(lockFile);
        } catch (IOException e) {
            // the lock itself is released after this; a leftover empty file is taken over by the next run
        }
    }

    private static void release(FileLock lock, FileChannel channel) {
        try {
            lock.release();
        } catch (IOException e) {
            // closing the channel releases it too
        }
        close(channel);
    }

    private static void close(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing held any more
        }
    }
}
