using HelpdeskBot.Bot.Handoff;

namespace HelpdeskBot.Bot.Cli;

/// <summary>
/// <c>dotnet run --project bot -- agent hash-password</c>: reads a password from stdin and prints the hash to put in
/// <c>Agents:Accounts:N:PasswordHash</c>, so no password is ever written into configuration.
/// </summary>
internal static class AgentCommand
{
    private const string Usage = """
        usage:
          agent hash-password       read a password (one line) on stdin, print its hash for Agents:Accounts:N:PasswordHash
        """;

    public static bool IsInvocation(string[] args) => args.Length > 0 && args[0] == "agent";

    public static async Task<int> RunAsync(string[] args, TextReader input, TextWriter output, TextWriter error)
    {
        if (args.Length != 2 || args[1] != "hash-password")
        {
            await error.WriteLineAsync(Usage);
            return 2;
        }

        var password = await input.ReadLineAsync();
        if (string.IsNullOrEmpty(password))
        {
            await error.WriteLineAsync("agent hash-password: no password on stdin (type it, then Enter).");
            return 1;
        }

        if (password.Length < 12)
        {
            await error.WriteLineAsync("agent hash-password: use at least 12 characters.");
            return 1;
        }

        await output.WriteLineAsync(AgentAccounts.HashPassword(password));
        return 0;
    }
}
