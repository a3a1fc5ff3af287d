package io.tidemark.stack.artifacts;

import io.tidemark.stack.StackException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.ArchiveEntry;
import org.apache.commons.compress.archivers.ArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * Unpacks zip, tar.gz and tar.xz archives, keeping executable bits, into a cache folder that is
 * filled once: a half-unpacked folder is never visible, so concurrent or killed runs are safe.
 */
public final class Unpack {
  private Unpack() {}

  /** Unpacks {@code archive} into {@code target} unless that folder already exists. */
  public static Path once(Path archive, Path target, Predicate<String> include) {
    if (Files.isDirectory(target)) {
      return target;
    }
    Path partial =
        target.resolveSibling(
            target.getFileName()
                + ".partial-"
                + ProcessHandle.current().pid()
                + "-"
                // Threads of one JVM (the workers of a ConnectCluster start in parallel) too.
                + Thread.currentThread().getId());
    try {
      Files.createDirectories(target.getParent());
      deleteTree(partial);
      Files.createDirectories(partial);
      extract(archive, partial, include);
      try {
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
        if (!Files.isDirectory(target)) {
          throw e;
        }
      } catch (IOException e) {
        if (!Files.isDirectory(target)) {
          throw e;
        }
      }
      return target;
    } catch (IOException e) {
      throw new StackException(
          "unpack", "could not unpack " + archive + " into " + target + ": " + e, e);
    } finally {
      deleteTree(partial);
    }
  }

  static void extract(Path archive, Path target, Predicate<String> include) throws IOException {
    Set<String> linkTargets = new HashSet<>();
    if (isTar(archive)) {
      // A hard link names an earlier entry, which the filter may skip (Trino's plugins link
      // jars of other plugins): find those targets first, to unpack them aside.
      try (ArchiveInputStream<? extends ArchiveEntry> in = open(archive)) {
        for (ArchiveEntry entry; (entry = in.getNextEntry()) != null; ) {
          if (entry instanceof TarArchiveEntry tar && tar.isLink() && include.test(tar.getName())) {
            linkTargets.add(tar.getLinkName());
          }
        }
      }
    }
    try (ArchiveInputStream<? extends ArchiveEntry> in = open(archive)) {
      copyEntries(in, target, include, linkTargets);
    }
  }

  private static boolean isTar(Path archive) {
    String name = archive.getFileName().toString();
    return name.endsWith(".tar.gz")
        || name.endsWith(".tgz")
        || name.endsWith(".txz")
        || name.endsWith(".tar.xz");
  }

  private static ArchiveInputStream<? extends ArchiveEntry> open(Path archive) throws IOException {
    String name = archive.getFileName().toString();
    InputStream raw = new BufferedInputStream(Files.newInputStream(archive), 1 << 16);
    try {
      if (name.endsWith(".zip") || name.endsWith(".jar")) {
        return new ZipArchiveInputStream(raw);
      } else if (name.endsWith(".tar.gz") || name.endsWith(".tgz")) {
        return new TarArchiveInputStream(new GZIPInputStream(raw, 1 << 16));
      } else if (name.endsWith(".txz") || name.endsWith(".tar.xz")) {
        return new TarArchiveInputStream(new XZInputStream(raw));
      }
    } catch (IOException e) {
      raw.close();
      throw e;
    }
    raw.close();
    throw new IOException("unknown archive type: " + name);
  }

  private static void copyEntries(
      ArchiveInputStream<? extends ArchiveEntry> in,
      Path target,
      Predicate<String> include,
      Set<String> linkTargets)
      throws IOException {
    Path root = target.toAbsolutePath().normalize();
    // Link targets outside the filter go here, so that no half-copied folder appears.
    Path aside = root.resolve(".link-targets");
    ArchiveEntry entry;
    while ((entry = in.getNextEntry()) != null) {
      boolean included = include.test(entry.getName());
      if (!included && !linkTargets.contains(entry.getName())) {
        continue;
      }
      Path out = (included ? root : aside).resolve(entry.getName()).normalize();
      if (!out.startsWith(root)) {
        throw new IOException("archive entry escapes the target folder: " + entry.getName());
      }
      if (entry instanceof TarArchiveEntry tar && tar.isLink()) {
        Path linked = root.resolve(tar.getLinkName()).normalize();
        if (!Files.exists(linked)) {
          linked = aside.resolve(tar.getLinkName()).normalize();
        }
        if (!linked.startsWith(root)) {
          throw new IOException("archive link escapes the target folder: " + entry.getName());
        }
        Files.createDirectories(out.getParent());
        Files.deleteIfExists(out);
        Files.createLink(out, linked);
        continue;
      }
      if (entry instanceof TarArchiveEntry tar && tar.isSymbolicLink()) {
        Files.createDirectories(out.getParent());
        Files.deleteIfExists(out);
        Files.createSymbolicLink(out, Path.of(tar.getLinkName()));
        continue;
      }
      if (entry.isDirectory()) {
        Files.createDirectories(out);
        continue;
      }
      Files.createDirectories(out.getParent());
      Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
      if (isExecutable(entry) || isInBinFolder(entry.getName())) {
        Set<PosixFilePermission> perms = EnumSet.copyOf(Files.getPosixFilePermissions(out));
        perms.addAll(
            EnumSet.of(
                PosixFilePermission.OWNER_EXECUTE,
                PosixFilePermission.GROUP_EXECUTE,
                PosixFilePermission.OTHERS_EXECUTE));
        Files.setPosixFilePermissions(out, perms);
      }
    }
  }

  private static boolean isExecutable(ArchiveEntry entry) {
    if (entry instanceof TarArchiveEntry tar) {
      return (tar.getMode() & 0111) != 0;
    }
    if (entry instanceof ZipArchiveEntry zip) {
      return (zip.getUnixMode() & 0111) != 0;
    }
    return false;
  }

  // Jars carry no Unix modes, so the binaries inside them (mariadbd, initdb) lose theirs.
  private static boolean isInBinFolder(String entryName) {
    return entryName.contains("/bin/") || entryName.contains("/scripts/");
  }

  public static void deleteTree(Path dir) {
    if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new StackException("files", "could not delete " + dir + ": " + e.getMessage(), e);
    }
  }
}
