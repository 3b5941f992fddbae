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
    /// Whether <c>POST /demo/token</c> mints tokens for anonymous visitors of the demo page. A real website mints them in
    /// its own back end with the Direct Line secret, so production turns this off.
    /// </summary>
    public bool DemoTokens { get; set; } = true;
}
