using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using HelpdeskBot.Bot.Hosting;
using HelpdeskBot.Skills.Handoff;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Bot.Handoff;

/// <summary>One console account. Section <c>Agents:Accounts</c>; the password only as a hash (<c>agent hash-password</c>).</summary>
public sealed class AgentAccount
{
    public string UserName { get; set; } = "";

    public string? DisplayName { get; set; }

    /// <summary>An ASP.NET Core Identity password hash (PBKDF2), made with <c>dotnet run --project bot -- agent hash-password</c>.</summary>
    public string PasswordHash { get; set; } = "";

    /// <summary><c>agent</c> and/or <c>admin</c>.</summary>
    public List<string> Roles { get; set; } = [];

    /// <summary>The queues the agent serves; empty for all.</summary>
    public List<string> Queues { get; set; } = [];
}

public sealed class AgentAccountsOptions
{
    public const string SectionName = "Agents";

    public List<AgentAccount> Accounts { get; set; } = [];

    /// <summary>Failed sign-ins in a row before an account is locked for <see cref="LockoutMinutes"/>.</summary>
    public int MaxFailedSignIns { get; set; } = 5;

    public int LockoutMinutes { get; set; } = 5;
}

internal sealed partial class AgentAccountsValidator : IValidateOptions<AgentAccountsOptions>
{
    public ValidateOptionsResult Validate(string? name, AgentAccountsOptions options)
    {
        var errors = new List<string>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < options.Accounts.Count; i++)
        {
            var account = options.Accounts[i];
            var at = $"Agents:Accounts:{i}";
            if (!UserNamePattern().IsMatch(account.UserName))
            {
                errors.Add($"{at}:UserName must be 1–64 letters, digits, '.', '_', '-' or '@'.");
            }
            else if (!seen.Add(account.UserName))
            {
                errors.Add($"{at}:UserName '{account.UserName}' is used twice.");
            }

            if (string.IsNullOrWhiteSpace(account.PasswordHash))
            {
                errors.Add($"{at}:PasswordHash is required (make one with: dotnet run --project bot -- agent hash-password).");
            }

            if (account.Roles.Count == 0 || account.Roles.Any(r => r is not (AgentRoles.Agent or AgentRoles.Admin)))
            {
                errors.Add($"{at}:Roles must list '{AgentRoles.Agent}' and/or '{AgentRoles.Admin}'.");
            }

            errors.AddRange(account.Queues.Where(q => HandoffQueues.Normalize(q) is null)
                .Select(q => $"{at}:Queues: '{q}' is not a queue ({string.Join(", ", HandoffQueues.All)})."));
        }

        if (options.MaxFailedSignIns < 1 || options.LockoutMinutes < 1)
        {
            errors.Add("Agents:MaxFailedSignIns and Agents:LockoutMinutes must be at least 1.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    [GeneratedRegex(@"^[A-Za-z0-9._@\-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex UserNamePattern();
}

/// <summary>
/// Checks console sign-ins against the configured accounts (hashed passwords, a lockout after repeated failures). With no
/// accounts configured and the demo on (<c>Helpdesk:DemoTokens</c>), it makes two demo accounts on first start — "agent"
/// and "admin" with random passwords — and writes their passwords to <c>agent-demo-passwords.txt</c> in the data directory.
/// </summary>
internal sealed partial class AgentAccounts
{
    private static readonly PasswordHasher<AgentAccount> Hasher = new();

    private readonly IReadOnlyList<AgentAccount> _accounts;
    private readonly AgentAccountsOptions _options;
    private readonly TimeProvider _time;
    private readonly ISignInFailures _failures;

    /// <param name="failures">Where failures are counted: the host's state database; per process when null.</param>
    public AgentAccounts(
        IOptions<AgentAccountsOptions> options, IOptions<HelpdeskOptions> helpdesk, TimeProvider time, ILogger<AgentAccounts> logger, ISignInFailures? failures = null)
    {
        _options = options.Value;
        _time = time;
        _failures = failures ?? new InMemorySignInFailures();
        _accounts = _options.Accounts.Count > 0 || !helpdesk.Value.DemoTokens
            ? _options.Accounts
            : DemoAccounts(helpdesk.Value.DataDirectory, logger);
    }

    public static string HashPassword(string password) => Hasher.HashPassword(new AgentAccount(), password);

    /// <summary>
    /// The principal for a correct user name and password; none (and a failure counted) otherwise. A name locked out by
    /// <see cref="AgentAccountsOptions.MaxFailedSignIns"/> failures in a row is refused even with the right password until
    /// the lockout ends; <see cref="SignInOutcome.LockoutStarted"/> marks the failure that locked it (for the audit log).
    /// </summary>
    public async Task<SignInOutcome> SignInAsync(string? userName, string? password, string scheme, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(userName) || string.IsNullOrEmpty(password) || userName.Length > SignInFailure.MaxUserNameLength || password.Length > 512)
        {
            return SignInOutcome.Refused;
        }

        var now = _time.GetUtcNow();
        if (await _failures.IsLockedOutAsync(userName, now, cancellationToken))
        {
            return new SignInOutcome(null, LockedOut: true, LockoutStarted: false);
        }

        var account = _accounts.FirstOrDefault(a => string.Equals(a.UserName, userName, StringComparison.OrdinalIgnoreCase));
        // Hash even for an unknown name, so the response time does not tell which names exist.
        var result = Hasher.VerifyHashedPassword(account ?? new AgentAccount(), account?.PasswordHash ?? UnknownUserHash, password);
        if (account is null || result == PasswordVerificationResult.Failed)
        {
            var locked = await _failures.CountAsync(userName, now, _options.MaxFailedSignIns, now.AddMinutes(_options.LockoutMinutes), cancellationToken);
            return new SignInOutcome(null, LockedOut: locked, LockoutStarted: locked);
        }

        await _failures.ClearAsync(userName, cancellationToken);
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, account.UserName),
            new(ClaimTypes.Name, account.DisplayName ?? account.UserName),
        };
        claims.AddRange(account.Roles.Select(r => new Claim(ClaimTypes.Role, r)));
        claims.AddRange(account.Queues.Select(q => new Claim(AgentRoles.QueueClaim, HandoffQueues.Normalize(q)!)));
        return new SignInOutcome(new ClaimsPrincipal(new ClaimsIdentity(claims, scheme)), LockedOut: false, LockoutStarted: false);
    }

    private static readonly string UnknownUserHash = Hasher.HashPassword(new AgentAccount(), Convert.ToHexString(RandomNumberGenerator.GetBytes(16)));

    private static List<AgentAccount> DemoAccounts(string dataDirectory, ILogger logger)
    {
        var file = Path.Combine(dataDirectory, "agent-demo-accounts.json");
        if (File.Exists(file))
        {
            try
            {
                return JsonSerializer.Deserialize<List<AgentAccount>>(File.ReadAllText(file)) ?? [];
            }
            catch (JsonException ex)
            {
                throw new InvalidOperationException($"{file} is not valid: delete it to make new demo accounts.", ex);
            }
        }

        var agentPassword = NewPassword();
        var adminPassword = NewPassword();
        List<AgentAccount> accounts =
        [
            new() { UserName = "agent", DisplayName = "Demo Agent", PasswordHash = HashPassword(agentPassword), Roles = [AgentRoles.Agent] },
            new() { UserName = "admin", DisplayName = "Demo Admin", PasswordHash = HashPassword(adminPassword), Roles = [AgentRoles.Admin, AgentRoles.Agent] },
        ];
        Directory.CreateDirectory(dataDirectory);
        File.WriteAllText(file, JsonSerializer.Serialize(accounts));
        var passwords = Path.Combine(dataDirectory, "agent-demo-passwords.txt");
        File.WriteAllText(passwords, $"agent\t{agentPassword}\nadmin\t{adminPassword}\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(passwords, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        LogDemoAccounts(logger, passwords);
        return accounts;
    }

    private static string NewPassword() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(12)).Replace('+', 'x').Replace('/', 'y');

    [LoggerMessage(LogLevel.Warning, "No agent accounts configured: made demo console accounts 'agent' and 'admin'; their passwords are in {File}")]
    private static partial void LogDemoAccounts(ILogger logger, string file);

}

/// <summary>What a sign-in attempt came to: the principal when it succeeded; whether the name is locked out, and whether
/// this attempt is the failure that locked it.</summary>
internal sealed record SignInOutcome(ClaimsPrincipal? Principal, bool LockedOut, bool LockoutStarted)
{
    public static SignInOutcome Refused { get; } = new(null, false, false);
}
