using System.Diagnostics;
using System.Text;

namespace NewsClassifier.Cli.Tests;

/// <summary>newsclf run as a real process, for what only a process has: signals, pipes, full disks.</summary>
internal sealed class ChildProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stderr = new();
    private readonly MemoryStream _stdout = new();
    private readonly Task _stdoutCopy;

    private ChildProcess(Process process, bool captureStdout)
    {
        _process = process;
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (_stderr)
                {
                    _stderr.AppendLine(e.Data);
                }
            }
        };
        _process.BeginErrorReadLine();
        _stdoutCopy = captureStdout ? _process.StandardOutput.BaseStream.CopyToAsync(_stdout) : Task.CompletedTask;
    }

    /// <summary>The newsclf executable built beside the tests (the CLI project is referenced).</summary>
    public static string Executable => Path.Combine(AppContext.BaseDirectory, "newsclf");

    public static bool CanRun => OperatingSystem.IsLinux() && File.Exists(Executable) && File.Exists("/bin/kill") | File.Exists("/usr/bin/kill");

    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    public Stream Stdin => _process.StandardInput.BaseStream;

    /// <summary>Starts newsclf; with <paramref name="shellStdout"/> its stdout goes where that shell redirection says (e.g. "| head -1", "> /dev/full").</summary>
    public static ChildProcess Start(IEnumerable<string> args, string? workingDirectory = null, string? shellStdout = null)
    {
        var info = new ProcessStartInfo
        {
            RedirectStandardInput = true,
            RedirectStandardError = true,
            RedirectStandardOutput = shellStdout is null,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? AppContext.BaseDirectory,
        };
        if (shellStdout is null)
        {
            info.FileName = Executable;
            foreach (var arg in args)
            {
                info.ArgumentList.Add(arg);
            }
        }
        else
        {
            // exec keeps one process, so the pid signalled is newsclf's; the pipeline's status is newsclf's via pipefail.
            info.FileName = "/bin/bash";
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add($"set -o pipefail; '{Executable}' {string.Join(' ', args.Select(a => "'" + a.Replace("'", "'\\''") + "'"))} {shellStdout}");
        }
        return new ChildProcess(Process.Start(info)!, shellStdout is null);
    }

    /// <summary>Waits until stderr holds <paramref name="marker"/>.</summary>
    public async Task WaitForStderr(string marker, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!Stderr.Contains(marker, StringComparison.Ordinal))
        {
            if (clock.Elapsed > timeout || _process.HasExited)
            {
                throw new TimeoutException($"'{marker}' did not appear on stderr within {timeout.TotalSeconds:0} s; stderr so far:\n{Stderr}");
            }
            await Task.Delay(50);
        }
    }

    public void Signal(string name)
    {
        using var kill = Process.Start("kill", ["-" + name, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    /// <summary>Waits for the exit; returns the exit code, stdout and stderr.</summary>
    public async Task<(int Code, string Stdout, string Stderr)> WaitForExit(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"newsclf did not exit within {timeout.TotalSeconds:0} s; stderr:\n{Stderr}");
        }
        await _stdoutCopy;
        _process.WaitForExit(); // drains the stderr events
        return (_process.ExitCode, Encoding.UTF8.GetString(_stdout.ToArray()), Stderr);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        _process.Dispose();
    }
}
