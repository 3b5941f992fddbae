using System.Globalization;
using HelpdeskBot.LoadTest;
using HelpdeskBot.LoadTest.Ceiling;

if (args is [CeilingServer.Command, var port])
{
    return await CeilingServer.ServeAsync(int.Parse(port, CultureInfo.InvariantCulture));
}

if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine(LoadTestOptions.Usage);
    return 0;
}

var options = LoadTestOptions.Parse(args, out var error);
if (options is null)
{
    await Console.Error.WriteLineAsync(error);
    await Console.Error.WriteLineAsync(LoadTestOptions.Usage);
    return 2;
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

var result = await LoadRun.RunAsync(options, Console.Out, stop.Token);
return result.Passed ? 0 : 1;
