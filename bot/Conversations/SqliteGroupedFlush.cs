using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace HelpdeskBot.Bot.Conversations;

/// <summary>
/// Group commit for the SQLite state database (<see cref="SqliteSynchronous.Grouped"/>): a commit is on disk before it
/// returns, as with <c>synchronous=FULL</c>, but one flush serves every commit that ended before it began.
/// <para>
/// With <c>FULL</c>, SQLite flushes the write-ahead log inside each commit while it still holds the database's one write
/// lock, so each turn's flush, and the wait for a CPU after it, stood between the next writer and the lock. Here the
/// connection runs with <c>synchronous=NORMAL</c>: the commit writes its pages to the WAL file (the operating system's
/// cache) and releases the lock without a flush. SQLite then calls the WAL hook registered here, still inside the
/// statement that committed, and the hook returns only after a flush (<c>fdatasync</c>) of the WAL file that began after
/// that commit. So a commit, and the turn's 200 after it, still means the data is on disk. Commits that end while a flush
/// is under way share the next one, so under load a few flushes cover many turns, and none is inside the lock. When
/// writers were waiting for the lock a commit released, its flush first waits up to <see cref="WalFlusher.FollowerWait"/>
/// (1 ms) for the next of them to commit, so one flush serves both; with nobody waiting it begins at once.
/// </para>
/// <para>
/// What it keeps from SQLite: the WAL hook replaces SQLite's automatic checkpoint, so the hook runs it as SQLite's own
/// would (a passive checkpoint once the WAL holds 1,000 pages; with <c>NORMAL</c> SQLite flushes the WAL before a
/// checkpoint and the database file after it). A flush that fails makes the committing statement fail: SQLite reports
/// the hook's error as <c>SQLITE_ERROR</c>, the commit itself has happened, so the turn fails and the client's retry is
/// de-duplicated. What differs: another connection can read a commit in the moment before its flush ends, so a power cut
/// in that moment could lose a commit that a reader saw, never one whose commit had returned.
/// </para>
/// <para>
/// A writer that finds the write lock taken waits in a busy handler registered here instead of SQLite's own
/// (<c>busy_timeout</c>), which sleeps 1, 2, 5, 10… ms between tries whether or not the lock was released meanwhile. The
/// WAL hook wakes the waiting writers as soon as a commit of this process has released the lock, before its flush; a lock
/// held by another process, given up by a rollback or by a commit that wrote nothing (no hook runs for those) is tried
/// again every <see cref="WalFlusher.PollMilliseconds"/>.
/// After <see cref="WalFlusher.BusyLimit"/> the statement fails with <c>SQLITE_BUSY</c>, as with
/// <c>busy_timeout</c>.
/// </para>
/// </summary>
internal static class SqliteGroupedFlush
{
    private const int SqliteOk = 0;

    // What the hook returns when the flush failed; SQLite fails the committing statement with SQLITE_ERROR.
    private const int SqliteIoErr = 10;

    /// <summary>SQLite's default automatic checkpoint: a WAL of this many pages (<c>SQLITE_DEFAULT_WAL_AUTOCHECKPOINT</c>).</summary>
    internal const int CheckpointPages = 1000;

    // One flusher per WAL file for the process, found by the hook's argument (its number), so no managed object's address
    // is handed to native code and a pooled connection that outlives a host still finds a live flusher.
    private static readonly ConcurrentDictionary<string, WalFlusher> ByPath = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<nint, WalFlusher> ByNumber = new();
    private static int s_numbers;

    // Kept alive for the life of the process: native code holds its address.
    private static readonly WalHook Hook = OnCommit;
    private static readonly nint HookAddress = Marshal.GetFunctionPointerForDelegate(Hook);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int WalHook(nint argument, nint db, nint schema, int pages);

    [DllImport("e_sqlite3", CallingConvention = CallingConvention.Cdecl)]
    private static extern nint sqlite3_wal_hook(nint db, nint callback, nint argument);

    [DllImport("e_sqlite3", CallingConvention = CallingConvention.Cdecl)]
    private static extern int sqlite3_wal_checkpoint(nint db, nint schema);

    // Kept alive for the life of the process, as the hook.
    private static readonly BusyHandler Busy = OnBusy;
    private static readonly nint BusyAddress = Marshal.GetFunctionPointerForDelegate(Busy);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int BusyHandler(nint argument, int count);

    [DllImport("e_sqlite3", CallingConvention = CallingConvention.Cdecl)]
    private static extern int sqlite3_busy_handler(nint db, nint callback, nint argument);

    // When this thread's statement first found the lock taken (SQLite calls the handler with count 0 then).
    [ThreadStatic]
    private static long t_busySince;

    /// <summary>
    /// Registers the group flush and the busy handler on one open SQLite connection (its native <c>sqlite3*</c>) to the
    /// database file <paramref name="databasePath"/>. The connection must run in WAL mode with <c>synchronous=NORMAL</c>,
    /// and nothing may set <c>busy_timeout</c> on it afterwards (that replaces the handler).
    /// </summary>
    public static WalFlusher Attach(nint db, string databasePath)
    {
        var flusher = For(databasePath);
        sqlite3_wal_hook(db, HookAddress, flusher.Number);
        if (sqlite3_busy_handler(db, BusyAddress, flusher.Number) != SqliteOk)
        {
            throw new InvalidOperationException("SQLite refused the busy handler.");
        }
        return flusher;
    }

    /// <summary>The flusher of one database file's WAL, shared by every connection of this process to that file.</summary>
    internal static WalFlusher For(string databasePath) =>
        ByPath.GetOrAdd(Path.GetFullPath(databasePath), static path =>
        {
            var flusher = new WalFlusher(path + "-wal", Interlocked.Increment(ref s_numbers));
            ByNumber[flusher.Number] = flusher;
            return flusher;
        });

    private static int OnCommit(nint argument, nint db, nint schema, int pages)
    {
        // Nothing may escape into native code.
        try
        {
            if (!ByNumber.TryGetValue(argument, out var flusher))
            {
                return SqliteIoErr;
            }
            // Counted before a waiting writer is woken, so its commit always counts after this one. The write lock is free
            // again: the next writer need not wait for this commit's flush, and when one was waiting, the flush waits a
            // moment for its commit too.
            var mine = flusher.CommitEnded();
            var followed = flusher.LockReleased();
            if (!flusher.AwaitFlush(mine, followed))
            {
                return SqliteIoErr;
            }
            if (pages >= CheckpointPages)
            {
                // As SQLite's own hook does; a checkpoint held up by readers is tried again at the next commit.
                _ = sqlite3_wal_checkpoint(db, schema);
            }
            return SqliteOk;
        }
        catch
        {
            return SqliteIoErr;
        }
    }

    private static int OnBusy(nint argument, int count)
    {
        // Nothing may escape into native code; 0 makes the statement fail with SQLITE_BUSY.
        try
        {
            if (!ByNumber.TryGetValue(argument, out var flusher))
            {
                return 0;
            }
            var now = System.Diagnostics.Stopwatch.GetTimestamp();
            if (count == 0)
            {
                t_busySince = now;
            }
            return flusher.WaitForLock(System.Diagnostics.Stopwatch.GetElapsedTime(t_busySince, now)) ? 1 : 0;
        }
        catch
        {
            return 0;
        }
    }

    /// <summary>
    /// Flushes one WAL file for every commit that ended before the flush began, and wakes the writers waiting for the
    /// write lock when a commit released it.
    /// </summary>
    internal sealed class WalFlusher(string walPath, int number)
    {
        private readonly object _sync = new();
        private readonly object _lockReleased = new();
        private int _waitingForLock;
        private long _wokenByCommit;

        // The path as open(2) takes it: UTF-8, NUL-terminated.
        private readonly byte[] _walPathBytes = [.. System.Text.Encoding.UTF8.GetBytes(walPath), 0];
        private long _ended;
        private long _flushed;
        private bool _flushing;
        private bool _awaitingFollower;
        private long _flushes;

        public nint Number { get; } = number;

        /// <summary>Replaces the flush of the WAL file (<c>fdatasync</c>) when set: tests hold or fail a flush with it.</summary>
        internal Func<bool>? FlushFile { get; set; }

        /// <summary>Commits that have waited, or are waiting, for a flush.</summary>
        public long Commits
        {
            get
            {
                lock (_sync)
                {
                    return _ended;
                }
            }
        }

        /// <summary>Flushes done.</summary>
        public long Flushes => Interlocked.Read(ref _flushes);

        /// <summary>How long a writer waits for the lock before its statement fails with <c>SQLITE_BUSY</c>.</summary>
        internal TimeSpan BusyLimit { get; set; } = TimeSpan.FromMilliseconds(SqliteConnectionSettings.BusyMilliseconds);

        /// <summary>
        /// How long a waiting writer sleeps when no commit of this process wakes it: a lock held by another process, or
        /// given up by a rollback or by a commit that wrote nothing (no WAL hook runs for those).
        /// </summary>
        internal int PollMilliseconds { get; set; } = 2;

        /// <summary>Writers waiting for the write lock now.</summary>
        public int WaitingForLock => Volatile.Read(ref _waitingForLock);

        /// <summary>Waits for the lock that ended because a commit of this process released it (not the poll).</summary>
        public long WokenByCommit => Interlocked.Read(ref _wokenByCommit);

        /// <summary>
        /// The busy handler's wait: true (try again) once a commit released the lock or the poll interval passed; false
        /// once the writer has waited <see cref="BusyLimit"/> in all.
        /// </summary>
        public bool WaitForLock(TimeSpan waited)
        {
            if (waited >= BusyLimit)
            {
                return false;
            }
            lock (_lockReleased)
            {
                _waitingForLock++;
                try
                {
                    if (Monitor.Wait(_lockReleased, PollMilliseconds))
                    {
                        Interlocked.Increment(ref _wokenByCommit);
                    }
                }
                finally
                {
                    _waitingForLock--;
                }
            }
            return true;
        }

        /// <summary>Wakes the writers waiting for the lock: a commit has released it. True when there were any.</summary>
        public bool LockReleased()
        {
            if (Volatile.Read(ref _waitingForLock) == 0)
            {
                return false;
            }
            lock (_lockReleased)
            {
                Monitor.PulseAll(_lockReleased);
            }
            return true;
        }

        /// <summary>
        /// How long a flush waits for the next commit when writers were waiting for the lock this commit released (one of
        /// them commits in about a transaction's time, and then one flush serves both).
        /// </summary>
        internal TimeSpan FollowerWait { get; set; } = TimeSpan.FromMilliseconds(1);

        /// <summary>Counts a commit that has ended; returns its number, for <see cref="AwaitFlush"/>.</summary>
        public long CommitEnded()
        {
            lock (_sync)
            {
                if (_awaitingFollower)
                {
                    Monitor.PulseAll(_sync);
                }
                return ++_ended;
            }
        }

        /// <summary>Counts a commit that has ended and waits for its flush (<see cref="AwaitFlush"/>).</summary>
        public bool AfterCommit() => AwaitFlush(CommitEnded(), followed: false);

        /// <summary>
        /// Returns true once a flush that began after commit <paramref name="mine"/> ended has finished, false when that
        /// flush failed. Whoever finds no flush under way does the next one, for every commit ended by then. When
        /// <paramref name="followed"/> (writers were waiting for the lock this commit released), that flush first waits up
        /// to <see cref="FollowerWait"/> for the next commit to end, so both share it.
        /// </summary>
        public bool AwaitFlush(long mine, bool followed)
        {
            while (true)
            {
                long upTo;
                lock (_sync)
                {
                    while (_flushing && _flushed < mine)
                    {
                        Monitor.Wait(_sync);
                    }
                    if (_flushed >= mine)
                    {
                        return true;
                    }
                    _flushing = true;
                    if (followed)
                    {
                        AwaitFollower(mine + 1);
                    }
                    upTo = _ended;
                }

                var ok = false;
                try
                {
                    ok = Flush();
                }
                finally
                {
                    lock (_sync)
                    {
                        if (ok)
                        {
                            _flushed = Math.Max(_flushed, upTo);
                        }
                        _flushing = false;
                        Monitor.PulseAll(_sync);
                    }
                }
                if (!ok)
                {
                    return false;
                }
            }
        }

        // Under _sync, as the flush's leader: until `ended` commits have ended (perhaps already), or FollowerWait has passed.
        private void AwaitFollower(long ended)
        {
            var deadline = System.Diagnostics.Stopwatch.GetTimestamp() + (long)(FollowerWait.TotalSeconds * System.Diagnostics.Stopwatch.Frequency);
            _awaitingFollower = true;
            try
            {
                while (_ended < ended)
                {
                    var left = System.Diagnostics.Stopwatch.GetElapsedTime(System.Diagnostics.Stopwatch.GetTimestamp(), deadline);
                    // Whole milliseconds, rounded up: Monitor.Wait would round a part of one down to no wait at all.
                    if (left <= TimeSpan.Zero || !Monitor.Wait(_sync, (int)Math.Ceiling(left.TotalMilliseconds)))
                    {
                        break;
                    }
                }
            }
            finally
            {
                _awaitingFollower = false;
            }
        }

        private bool Flush()
        {
            Interlocked.Increment(ref _flushes);
            return (FlushFile ?? FlushWal)();
        }

        private bool FlushWal()
        {
            // Opened for each flush: SQLite deletes and recreates the WAL file as connections come and go, and a handle
            // kept open could be on a file that is gone. Closing it releases no lock of SQLite's (they are on the database
            // and -shm files).
            return OperatingSystem.IsLinux() ? FlushLinux() : FlushPortable();
        }

        // fdatasync, as SQLite's own flush: the data and the file's size, not its times (fsync would also commit the file
        // system's journal for the modification time). Three system calls and no .NET stream.
        private bool FlushLinux()
        {
            var fd = Posix.open(_walPathBytes, Posix.ReadOnly | Posix.CloseOnExec);
            if (fd < 0)
            {
                // No WAL: its last connection checkpointed it into the database file, and that checkpoint flushed it.
                return Marshal.GetLastPInvokeError() == Posix.NoSuchFile;
            }
            try
            {
                return Posix.fdatasync(fd) == 0;
            }
            finally
            {
                _ = Posix.close(fd);
            }
        }

        private bool FlushPortable()
        {
            try
            {
                using var handle = File.OpenHandle(walPath, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
                using var stream = new FileStream(handle, FileAccess.ReadWrite, bufferSize: 0);
                stream.Flush(flushToDisk: true);
                return true;
            }
            catch (FileNotFoundException)
            {
                return true;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return false;
            }
        }
    }

    private static class Posix
    {
        public const int ReadOnly = 0;
        public const int CloseOnExec = 0x80000;
        public const int NoSuchFile = 2;

        [DllImport("libc", SetLastError = true)]
        public static extern int open(byte[] path, int flags);

        [DllImport("libc", SetLastError = true)]
        public static extern int fdatasync(int fd);

        [DllImport("libc")]
        public static extern int close(int fd);
    }
}
