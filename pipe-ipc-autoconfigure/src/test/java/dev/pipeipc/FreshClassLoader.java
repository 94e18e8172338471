package dev.pipeipc;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Arrays;
import java.util.List;

/**
 * The test class path in a class loader of its own, which says which classes it has loaded: for
 * tests of what is loaded when, since the test's own class loader has long loaded everything.
 */
public final class FreshClassLoader extends URLClassLoader {

	public FreshClassLoader() throws MalformedURLException {
		super(classPath(), ClassLoader.getPlatformClassLoader());
	}

	/**
	 * Whether this loader has loaded the class, without loading it.
	 * @param name the class's binary name
	 * @return {@code true} if loaded here
	 */
	public boolean hasLoaded(String name) {
		synchronized (getClassLoadingLock(name)) {
			return findLoadedClass(name) != null;
		}
	}

	private static URL[] classPath() throws MalformedURLException {
		List<String> entries = Arrays.asList(System.getProperty("java.class.path").split(File.pathSeparator));
		URL[] urls = new URL[entries.size()];
		for (int i = 0; i < urls.length; i++) {
			urls[i] = new File(entries.get(i)).toURI().toURL();
		}
		return urls;
	}

}
