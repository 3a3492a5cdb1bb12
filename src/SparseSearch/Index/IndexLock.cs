using System.Globalization;

namespace SparseSearch.Index;

/// <summary>
/// The single-writer lock: <c>write.lock</c> held open with <see cref="FileShare.None"/>, which .NET implements on Unix
/// with <c>flock(LOCK_EX | LOCK_NB)</c>: the kernel releases it when the holder dies, so a lock left by a killed
/// process is never stale. Because a locked file cannot be opened for reading, the holder (pid, host, time) is
/// written beside it in <c>write.lock.holder</c> for the error message.
/// </summary>
internal sealed class IndexLock : IDisposable
{
    public const string LockFileName = "write.lock";
    public const string HolderFileName = "write.lock.holder";

    private readonly FileStream _stream;

    private IndexLock(FileStream stream) => _stream = stream;

    public static IndexLock Acquire(string directory)
    {
        string lockPath = Path.Combine(directory, LockFileName);
        string holderPath = Path.Combine(directory, HolderFileName);
        FileStream stream;
        try
        {
            stream = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException) when (File.Exists(lockPath))
        {
            string holder;
            try { holder = File.ReadAllText(holderPath).Trim(); }
            catch (IOException) { holder = "unknown holder"; }
            throw new IndexLockedException(lockPath, holder.Length == 0 ? "unknown holder" : holder);
        }
        var info = string.Create(CultureInfo.InvariantCulture,
            $"pid {Environment.ProcessId} on host {Environment.MachineName} since {DateTime.UtcNow:yyyy-MM-dd HH:mm:ss}Z");
        File.WriteAllText(holderPath, info);
        return new IndexLock(stream);
    }

    public void Dispose() => _stream.Dispose();
}
