using System.ComponentModel.DataAnnotations;

namespace HelpdeskBot.Bot.Channels.DirectLine;

public sealed class DirectLineOptions
{
    public const string SectionName = "DirectLine";

    /// <summary>
    /// The Direct Line secret a website's back end uses to mint tokens. When empty, one is generated on first run and kept
    /// in the data directory (<c>directline.secret</c>), so the demo works with nothing configured.
    /// </summary>
    public string? Secret { get; set; }

    /// <summary>
    /// The key a website's back end signs its signed-in user with (<see cref="SignedInUsers"/>); at least 32 characters.
    /// When empty, <c>signedInUser</c> is refused and every Direct Line user is an anonymous visitor (the demo page signs
    /// in its demo customer on the server side without it).
    /// </summary>
    [MinLength(32)]
    public string? UserSigningKey { get; set; }

    /// <summary>Lifetime of conversation tokens (Azure uses 1800 s).</summary>
    [Range(60, 86_400)]
    public int TokenLifetimeSeconds { get; set; } = 1800;

    /// <summary>How long a client has to open the WebSocket after it got a stream URL.</summary>
    [Range(5, 3600)]
    public int StreamUrlLifetimeSeconds { get; set; } = 60;

    /// <summary>Seconds between keep-alive messages on an idle WebSocket.</summary>
    [Range(1, 600)]
    public int KeepAliveSeconds { get; set; } = 15;
}
