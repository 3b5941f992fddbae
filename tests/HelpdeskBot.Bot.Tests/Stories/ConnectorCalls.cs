using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.ExceptionServices;
using HelpdeskBot.Connectors;
using Microsoft.Extensions.DependencyInjection;

namespace HelpdeskBot.Bot.Tests.Stories;

/// <summary>
/// What a story's turns asked the back office, and which systems are "down". The real demo back office answers; this
/// only watches the calls and, for a system marked down, fails them the way the HTTP adapters do when a system does not
/// answer (<see cref="BackOfficeUnavailableException"/>).
/// </summary>
public sealed class ConnectorCalls
{
    private readonly ConcurrentQueue<string> _calls = new();
    private readonly ConcurrentDictionary<BackOfficeSystem, bool> _down = new();

    public IReadOnlyList<string> Made => [.. _calls];

    public void Clear() => _calls.Clear();

    public void SetDown(BackOfficeSystem system, bool down) => _down[system] = down;

    public bool IsDown(BackOfficeSystem system) => _down.TryGetValue(system, out var down) && down;

    internal void Record(string call) => _calls.Enqueue(call);

    /// <summary>Wraps the host's registration of <typeparamref name="T"/> so its calls are recorded.</summary>
    public void Watch<T>(IServiceCollection services, BackOfficeSystem system)
        where T : class
    {
        var registered = services.LastOrDefault(d => d.ServiceType == typeof(T))
            ?? throw new InvalidOperationException($"The host registers no {typeof(T).Name}.");
        services.Remove(registered);
        services.Add(new ServiceDescriptor(
            typeof(T),
            sp => WatchingProxy.Wrap(Inner<T>(sp, registered), system, this),
            registered.Lifetime));
    }

    private static T Inner<T>(IServiceProvider services, ServiceDescriptor registered) =>
        (T)(registered.ImplementationInstance
            ?? registered.ImplementationFactory?.Invoke(services)
            ?? ActivatorUtilities.CreateInstance(services, registered.ImplementationType!));
}

internal static class WatchingProxy
{
    public static T Wrap<T>(T inner, BackOfficeSystem system, ConnectorCalls calls)
        where T : class
    {
        var proxy = DispatchProxy.Create<T, WatchingProxy<T>>();
        ((WatchingProxy<T>)(object)proxy).Attach(inner, system, calls);
        return proxy;
    }
}

/// <summary>A pass-through proxy: records <c>System.Method</c>, fails while the system is down, else calls the real connector.</summary>
public class WatchingProxy<T> : DispatchProxy
    where T : class
{
    private T _inner = null!;
    private BackOfficeSystem _system;
    private ConnectorCalls _calls = null!;

    internal void Attach(T inner, BackOfficeSystem system, ConnectorCalls calls)
    {
        _inner = inner;
        _system = system;
        _calls = calls;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        _calls.Record($"{_system}.{targetMethod.Name}");
        if (_calls.IsDown(_system))
        {
            throw new BackOfficeUnavailableException(_system, $"The {_system} system is down (story).");
        }

        try
        {
            return targetMethod.Invoke(_inner, args);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            ExceptionDispatchInfo.Throw(ex.InnerException);
            throw;
        }
    }
}
