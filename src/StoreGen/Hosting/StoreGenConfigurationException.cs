using System;

namespace StoreGen.Hosting;

/// <summary>A setting is missing or invalid. Thrown at startup; the message names the setting and what it accepts.</summary>
public sealed class StoreGenConfigurationException : Exception
{
    /// <summary>Creates the exception for <paramref name="setting"/>.</summary>
    public StoreGenConfigurationException(string setting, string message)
        : base($"{setting}: {message}")
    {
        Setting = setting;
    }

    /// <summary>The setting at fault, as the environment names it (e.g. <c>STORE_BACKEND</c>).</summary>
    public string Setting { get; }
}
