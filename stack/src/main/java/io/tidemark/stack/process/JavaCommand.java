package io.tidemark.stack.process;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** A command line that runs a Java main class on a JDK (by default the one running the stack). */
public final class JavaCommand {
  private final Path javaHome;
  private final List<Path> classpath = new ArrayList<>();
  private final List<String> jvmOptions = new ArrayList<>();
  private String mainClass;
  private Path jar;
  private final List<String> arguments = new ArrayList<>();

  private JavaCommand(Path javaHome) {
    this.javaHome = javaHome;
  }

  public static JavaCommand onThisJdk() {
    return new JavaCommand(Path.of(System.getProperty("java.home")));
  }

  public static JavaCommand on(Path javaHome) {
    return new JavaCommand(javaHome);
  }

  public JavaCommand classpath(List<Path> entries) {
    classpath.addAll(entries);
    return this;
  }

  public JavaCommand jvm(String... options) {
    jvmOptions.addAll(List.of(options));
    return this;
  }

  public JavaCommand main(String className, String... args) {
    this.mainClass = className;
    arguments.addAll(List.of(args));
    return this;
  }

  public JavaCommand jar(Path jarFile, String... args) {
    this.jar = jarFile;
    arguments.addAll(List.of(args));
    return this;
  }

  public List<String> toList() {
    List<String> command = new ArrayList<>();
    command.add(javaHome.resolve("bin").resolve("java").toString());
    command.addAll(jvmOptions);
    if (jar != null) {
      command.add("-jar");
      command.add(jar.toString());
    } else {
      command.add("-cp");
      command.add(classpath.stream().map(Path::toString).collect(Collectors.joining(":")));
      command.add(mainClass);
    }
    command.addAll(arguments);
    return command;
  }
}
