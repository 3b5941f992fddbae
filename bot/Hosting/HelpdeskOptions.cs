using System.ComponentModel.DataAnnotations;

namespace HelpdeskBot.Bot.Hosting;

public sealed class HelpdeskOptions
{
    public const string SectionName = "Helpdesk";

    /// <summary>Where all state lives (conversations, back office, models). Relative paths are under the working directory.</summary>
    [Required]
    public string DataDirectory { get; set; } = ".helpdesk";

    /// <summary>Longest message text accepted from any channel.</summary>
    [Range(1, 100_000)]
    public int MaxMessageLength { get; set; } = 10_000;

    /// <summary>
    /// Whether the demo endpoints exist: <c>POST /demo/token</c> (tokens for the demo page, signed in as the demo customer,
    /// the demo employee or a guest) and <c>GET /demo/outbox</c>. They are off anyway when any back-office system is a
    /// real one (<c>Connectors:*:Mode=Http</c>). A real website mints tokens in its own back end with the Direct Line
    /// secret, so production turns this off.
    /// </summary>
    public bool DemoTokens { get; set; } = true;

    /// <summary>
    /// The fewest worker threads the thread pool keeps ready, per processor core (0: the runtime's own minimum, one per
    /// core). A turn's SQLite calls block their thread while they wait for the state database's write lock and for their
    /// commit's flush (Microsoft.Data.Sqlite's async methods run synchronously), so the pool needs more threads than cores;
    /// left to itself it settled near nine on two cores with a fifth of the CPU idle under load
    /// (<see cref="ThreadPoolMinimum"/>, <c>docs/load.md</c>).
    /// </summary>
    [Range(0, ThreadPoolMinimum.MaxPerCore)]
    public int MinWorkerThreadsPerCore { get; set; } = ThreadPoolMinimum.DefaultPerCore;
}
